namespace Rollouts.Api.Analysis;

/// <summary>
/// <c>spec.analysis</c> of a ModelDeployment: how the operator judges a canary (or a blue-green preview / new active)
/// from Prometheus. Durations are strings such as <c>30s</c>, <c>2m</c>, <c>1h</c>. Checks left out (null) are not run;
/// at least one check is required. Rules and exact queries: docs/analysis.md. Validated by
/// <c>Rollouts.Analysis.AnalysisSpecValidator</c> (errors become the InvalidSpec condition).
/// </summary>
public sealed record AnalysisSpec
{
    /// <summary>Time between two measurement rounds (duration string, default <c>30s</c>, at least 1s).</summary>
    public string Interval { get; init; } = "30s";

    /// <summary>Wait after the run starts before the first round (duration string, default <c>0s</c>).</summary>
    public string InitialDelay { get; init; } = "0s";

    /// <summary>Successful rounds needed for the run to succeed (default 3, at least 1).</summary>
    public int Count { get; init; } = 3;

    /// <summary>Failed rounds tolerated: the run is Failed (rollback) when failed rounds &gt; failureLimit (default 1).</summary>
    public int FailureLimit { get; init; } = 1;

    /// <summary>
    /// Inconclusive rounds tolerated (no data, NaN, too few samples): the run is Inconclusive (rollout paused with
    /// AnalysisInconclusive) when inconclusive rounds &gt; inconclusiveLimit. Counted in total over the run, not
    /// consecutively, so interleaved successes cannot hide missing data (default 3).
    /// </summary>
    public int InconclusiveLimit { get; init; } = 3;

    /// <summary>
    /// Rounds in a row with a Prometheus error tolerated: the run is Error when consecutive error rounds &gt;
    /// consecutiveErrorLimit; any round without an error resets the count (default 4).
    /// </summary>
    public int ConsecutiveErrorLimit { get; init; } = 4;

    /// <summary>What the rollout does when the run ends in Error: Pause (default) or Rollback.</summary>
    public ConsecutiveErrorAction OnConsecutiveErrors { get; init; } = ConsecutiveErrorAction.Pause;

    /// <summary>
    /// Requests to the measured version within <see cref="Window"/> needed before any check can pass or fail
    /// (default 50; 0 turns the sample-size gate off). Fewer gives Inconclusive, never Failed.
    /// </summary>
    public int MinSamples { get; init; } = 50;

    /// <summary>Range of the built-in queries, as a duration string (default <c>1m</c>); also the template variable {{window}}.</summary>
    public string Window { get; init; } = "1m";

    /// <summary>Share of requests answered with a 5xx code; null skips the check.</summary>
    public ErrorRateCheck? ErrorRate { get; init; }

    /// <summary>Request-duration quantile in milliseconds; null skips the check.</summary>
    public LatencyCheck? Latency { get; init; }

    /// <summary>Population stability index of inputs and predictions; null skips the check.</summary>
    public DriftCheck? Drift { get; init; }

    /// <summary>Agreement of the canary's answers with the stable's on shadowed requests; null skips the check.</summary>
    public AgreementCheck? Agreement { get; init; }

    /// <summary>Accuracy from delayed labels (prediction feedback); null skips the check.</summary>
    public AccuracyCheck? Accuracy { get; init; }

    /// <summary>
    /// Judge error rate and latency relative to the stable version (stable value + <see cref="StableTolerance"/>)
    /// instead of the absolute maxima. Needs a stable version; when the stable has no data the absolute maxima apply.
    /// </summary>
    public bool CompareToStable { get; init; }

    /// <summary>Tolerances added to the stable's values when <see cref="CompareToStable"/> is true.</summary>
    public StableTolerance? StableTolerance { get; init; }

    /// <summary>Custom PromQL checks with template variables (see <see cref="MetricCheck"/>).</summary>
    public IReadOnlyList<MetricCheck> Metrics { get; init; } = [];

    /// <summary>Measurements kept per check in the status (default 10, 1 to 50).</summary>
    public int HistoryLimit { get; init; } = 10;
}
