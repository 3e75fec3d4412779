using System.Globalization;

namespace Rollouts.Demo.Scenarios;

/// <summary>The timing knobs substituted into the scenario manifests (<c>{{interval}}</c>, ...).</summary>
public sealed record ScenarioSettings
{
    /// <summary>Analysis interval (demo: 2 s).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Wait before the first measurement. At least the window, so the first window holds no request from the pod's
    /// first seconds (JIT warm-up makes those slow; a real rollout's analysis would not judge them either).
    /// </summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Duration of the pause step between 20 % and 50 % canary weight.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Successful rounds an analysis needs.</summary>
    public int Count { get; init; } = 3;

    /// <summary>Requests a measurement needs in its window.</summary>
    public int MinSamples { get; init; } = 50;

    /// <summary>Query window (demo: 10 s).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Median (p50) latency threshold in milliseconds. Measured here (histogram_quantile over the server's
    /// buckets): iris-v2 0.3–0.9 ms, iris-slow about 4 ms; on a shared 2-core machine the tail quantiles of both are dominated by scheduling noise, the
    /// median is not.
    /// </summary>
    public double LatencyMilliseconds { get; init; } = 1.4;

    /// <summary>
    /// Labels (feedback posts judged correct or incorrect) the accuracy check needs in its window before it judges. The
    /// traffic posts the true species of half the answered requests 2 s later: at 50 req/s a canary at 10 % weight
    /// collects about 2.5 labels a second, at 50 % about 12.5.
    /// </summary>
    public int MinLabels { get; init; } = 40;

    /// <summary>
    /// Range of the accuracy query in the scenario that judges a canary at 10 % weight on accuracy alone: long enough
    /// for <see cref="MinLabels"/> at about 2.5 labels a second.
    /// </summary>
    public TimeSpan AccuracyWindow { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Shadow comparisons the agreement check needs in its window before it judges (the stable's pods copy 50 % of
    /// the 50 req/s they answer: about 25 comparisons a second).
    /// </summary>
    public int MinComparisons { get; init; } = 100;

    /// <summary>Progress deadline in seconds.</summary>
    public int ProgressDeadlineSeconds { get; init; } = 45;

    /// <summary>Most time one scenario may take before it counts as timed out.</summary>
    public TimeSpan ScenarioTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The template variables for <paramref name="repositoryRoot"/>.</summary>
    public IReadOnlyDictionary<string, string> Variables(string repositoryRoot) => new Dictionary<string, string>
    {
        ["repo"] = repositoryRoot,
        ["interval"] = Seconds(Interval),
        ["initialDelay"] = Seconds(InitialDelay),
        ["pause"] = Seconds(Pause),
        ["count"] = Count.ToString(CultureInfo.InvariantCulture),
        ["minSamples"] = MinSamples.ToString(CultureInfo.InvariantCulture),
        ["window"] = Seconds(Window),
        ["latencyMs"] = LatencyMilliseconds.ToString(CultureInfo.InvariantCulture),
        ["minLabels"] = MinLabels.ToString(CultureInfo.InvariantCulture),
        ["accuracyWindow"] = Seconds(AccuracyWindow),
        ["minComparisons"] = MinComparisons.ToString(CultureInfo.InvariantCulture),
        ["deadline"] = ProgressDeadlineSeconds.ToString(CultureInfo.InvariantCulture),
    };

    private static string Seconds(TimeSpan t) => $"{Math.Max(1, (int)Math.Round(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}s";
}
