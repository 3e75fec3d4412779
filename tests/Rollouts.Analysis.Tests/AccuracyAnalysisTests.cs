using Prometheus;
using Rollouts.Api.Analysis;
using Rollouts.Testing;

namespace Rollouts.Analysis.Tests;

/// <summary>
/// The accuracy check against a real Prometheus scraping the feedback series two pods export (seams-14 S3,
/// <c>model_feedback_total{prediction_revision, outcome}</c>): feedback on the canary's predictions lands on the
/// stable's pod as well as the canary's, and is counted by the predicting revision wherever it landed. Pass, fail,
/// Inconclusive on too few labels, and compareToStable both ways (not significantly worse passes even below min;
/// significantly worse fails).
/// </summary>
public sealed class AccuracyAnalysisTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>
{
    private const string Stable = "57ab1e0001";
    private const string Canary = "ca4a10e001";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Accuracy only, its own window long enough for the whole run; minSamples 0: no serving process answers requests here.</summary>
    private static readonly AnalysisSpec Spec = new()
    {
        Interval = "1s", Window = "15s", Count = 2, FailureLimit = 1, InconclusiveLimit = 1, MinSamples = 0,
        Accuracy = new AccuracyCheck { Min = 0.9, MinLabels = 100, Window = "2m" },
    };

    [Fact]
    public async Task Enough_correct_labels_pass_wherever_the_feedback_landed()
    {
        var status = await RunAsync(Spec, canary: (190, 10), stable: (20, 80));

        status.Phase.ShouldBe(AnalysisPhase.Successful, status.Message);
        var m = status.Checks.Single(c => c.Name == "accuracy").Measurements[^1];
        m.Value.ShouldNotBeNull().ShouldBe(0.95, 0.01); // the stable's poor predictions are not the canary's
        m.Count.ShouldNotBeNull().ShouldBeInRange(200, 300); // increase() extrapolates a young series a little
        m.Query.ShouldContain($"prediction_revision=\"{Canary}\"");
        m.Query.ShouldNotContain("model_revision");
        m.Query.ShouldContain("[2m]");
        m.Message.ShouldStartWith("accuracy 0.9");
        m.Message.ShouldContain(">= min 0.9 over ");
    }

    [Fact]
    public async Task Accuracy_below_min_fails()
    {
        var status = await RunAsync(Spec, canary: (150, 50), stable: (95, 5));

        status.Phase.ShouldBe(AnalysisPhase.Failed, status.Message);
        status.Checks.Single().Measurements[^1].Value.ShouldNotBeNull().ShouldBe(0.75, 0.01);
        status.Message.ShouldContain("< min 0.9 over ");
        status.Message.ShouldContain("(query: (sum(increase(model_feedback_total{");
    }

    [Fact]
    public async Task Fewer_labels_than_minLabels_are_inconclusive_even_when_all_are_correct()
    {
        var status = await RunAsync(Spec, canary: (40, 0), stable: (300, 0));

        status.Phase.ShouldBe(AnalysisPhase.Inconclusive, status.Message);
        var check = status.Checks.Single();
        check.Successes.ShouldBe(0);
        check.Measurements[^1].Message.ShouldContain("labels < minLabels 100: not judged");
    }

    [Fact]
    public async Task CompareToStable_passes_a_canary_that_is_not_significantly_worse_even_below_min()
    {
        var spec = Spec with { Accuracy = Spec.Accuracy! with { Min = 0.99, CompareToStable = true, Confidence = 0.95 } };

        var status = await RunAsync(spec, canary: (186, 14), stable: (285, 15)); // 0.93 vs 0.95: z about -0.94

        status.Phase.ShouldBe(AnalysisPhase.Successful, status.Message);
        var m = status.Checks.Single().Measurements[^1];
        m.Message.ShouldContain(" vs stable 0.9"); // 0.95 as increase() extrapolates it across two pods' scrapes
        m.Message.ShouldContain("not significantly worse than the stable");
        m.Message.ShouldContain(">= -1.64485 (one-sided, confidence 0.95");
    }

    [Fact]
    public async Task CompareToStable_fails_a_canary_that_is_significantly_worse()
    {
        var spec = Spec with { Accuracy = Spec.Accuracy! with { Min = 0.5, CompareToStable = true, Confidence = 0.95 } };

        var status = await RunAsync(spec, canary: (160, 40), stable: (285, 15)); // 0.80 vs 0.95: z about -5.3

        status.Phase.ShouldBe(AnalysisPhase.Failed, status.Message);
        status.Message.ShouldContain("significantly worse than the stable");
        status.Message.ShouldContain("< -1.64485 (one-sided, confidence 0.95");
    }

    /// <summary>
    /// Two pods, the stable's and the canary's, each take half of every revision's feedback (plus unmatched feedback
    /// without a revision); waits until Prometheus has it and runs the analysis of the canary to the end.
    /// </summary>
    private async Task<AnalysisRunStatus> RunAsync(AnalysisSpec spec, (int Correct, int Incorrect) canary, (int Correct, int Incorrect) stable)
    {
        var ns = $"t-{Guid.NewGuid():N}"[..12];
        var target = new AnalysisTarget(ns, "iris", "iris", "2.0.0", "1.0.0", "canary step 2", Canary, Stable);
        await using var stablePod = new SeriesExporter();
        await using var canaryPod = new SeriesExporter();
        var increments = new List<(Counter.Child, double)>();
        foreach (var (pod, podRevision, version) in new[] { (stablePod, Stable, "1.0.0"), (canaryPod, Canary, "2.0.0") })
        {
            Counter.Child Series(string predictionRevision, string outcome) => pod.Series("model_feedback_total",
                ("model_name", "iris"), ("model_version", version), ("model_deployment", "iris"), ("model_revision", podRevision),
                ("prediction_revision", predictionRevision), ("outcome", outcome));
            increments.Add((Series(Canary, "correct"), Half(canary.Correct, pod == stablePod)));
            increments.Add((Series(Canary, "incorrect"), Half(canary.Incorrect, pod == stablePod)));
            increments.Add((Series(Stable, "correct"), Half(stable.Correct, pod == stablePod)));
            increments.Add((Series(Stable, "incorrect"), Half(stable.Incorrect, pod == stablePod)));
            increments.Add((Series("", "unmatched"), 7));
        }

        await prometheus.AddTargetAsync(new PrometheusScrapeTarget(stablePod.HostPort, ns, $"iris-{Stable}-0"));
        await prometheus.AddTargetAsync(new PrometheusScrapeTarget(canaryPod.HostPort, ns, $"iris-{Canary}-0"));
        await SeriesExporter.IncrementScrapedAsync(prometheus.Server, ns, "model_feedback_total", increments.Count, increments, Patience);

        var (status, _) = await AnalysisDriver.RunToEndAsync(AnalysisDriver.Runner(prometheus.Server.Address), target, spec, Patience);
        return status;
    }

    private static int Half(int n, bool first) => first ? n / 2 : n - n / 2;
}
