using Rollouts.Api.Analysis;
using Rollouts.Testing;

namespace Rollouts.Analysis.Tests;

/// <summary>
/// The agreement check against a real Prometheus scraping the shadow series a stable pod exports (seams-14 S2,
/// <c>model_shadow_comparisons_total{model_revision=stable, candidate_revision=canary, outcome}</c>): it passes on
/// enough agreeing comparisons, fails when disagreements and candidate errors bring the share below min, and is
/// Inconclusive with fewer than minComparisons. Comparisons of another candidate revision never mix in.
/// </summary>
public sealed class AgreementAnalysisTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Agreement only. The window is long enough that the increments stay inside it for the whole run; minSamples 0
    /// because no serving process answers requests here (the sample gate is the runner's, tested elsewhere).
    /// </summary>
    private static readonly AnalysisSpec Spec = new()
    {
        Interval = "1s", Window = "2m", Count = 2, FailureLimit = 1, InconclusiveLimit = 1, MinSamples = 0,
        Agreement = new AgreementCheck { Min = 0.95, MinComparisons = 100 },
    };

    [Fact]
    public async Task Enough_agreeing_comparisons_pass_and_another_candidates_disagreements_do_not_count()
    {
        var (target, status) = await RunAsync(agree: 196, disagree: 4, error: 0, otherCandidateDisagree: 500);

        status.Phase.ShouldBe(AnalysisPhase.Successful, status.Message);
        var m = status.Checks.Single(c => c.Name == "agreement").Measurements[^1];
        m.Value.ShouldNotBeNull().ShouldBe(0.98, 1e-9);
        // increase() extrapolates a young series' increase to the end of the window by up to half a scrape interval.
        m.Count.ShouldNotBeNull().ShouldBeInRange(200, 300);
        m.Query.ShouldContain($"model_revision=\"{target.StableRevision}\",candidate_revision=\"{target.Revision}\"");
        m.Message.ShouldStartWith("agreement 0.98 >= min 0.95 over 2");
    }

    [Fact]
    public async Task Disagreements_and_candidate_errors_below_min_fail()
    {
        var (_, status) = await RunAsync(agree: 150, disagree: 30, error: 20, otherCandidateDisagree: 0);

        status.Phase.ShouldBe(AnalysisPhase.Failed, status.Message);
        var m = status.Checks.Single(c => c.Name == "agreement").Measurements[^1];
        m.Value.ShouldNotBeNull().ShouldBe(0.75, 1e-9); // errors count against agreement: 150 / 200
        status.Message.ShouldContain("agreement 0.75 < min 0.95 over ");
        status.Message.ShouldContain("(query: (sum(increase(model_shadow_comparisons_total{");
    }

    [Fact]
    public async Task Fewer_comparisons_than_minComparisons_are_inconclusive_even_when_all_agree()
    {
        var (_, status) = await RunAsync(agree: 20, disagree: 0, error: 0, otherCandidateDisagree: 0);

        status.Phase.ShouldBe(AnalysisPhase.Inconclusive, status.Message);
        var check = status.Checks.Single(c => c.Name == "agreement");
        check.Successes.ShouldBe(0);
        check.Measurements[^1].Value.ShouldBe(1);
        check.Measurements[^1].Message.ShouldContain("comparisons < minComparisons 100: not judged");
    }

    [Fact]
    public async Task No_shadow_series_at_all_is_inconclusive()
    {
        var ns = $"t-{Guid.NewGuid():N}"[..12];
        var target = new AnalysisTarget(ns, "iris", "iris", "2.0.0", "1.0.0", "canary step 2", "ca4a10e001", "57ab1e0001", Shadowing: true);

        var (status, _) = await AnalysisDriver.RunToEndAsync(AnalysisDriver.Runner(prometheus.Server.Address), target, Spec, Patience);

        status.Phase.ShouldBe(AnalysisPhase.Inconclusive, status.Message);
        status.Checks.Single().Measurements.ShouldAllBe(m => m.Verdict == MeasurementVerdict.Inconclusive && m.Count == null);
        status.Message.ShouldContain("agreement: no comparisons in the window (empty result; minComparisons 100)");
    }

    /// <summary>
    /// Exports the stable pod's comparisons with the given outcomes (plus disagreements with an older candidate
    /// revision), waits until Prometheus has them, and runs the analysis of the canary to the end.
    /// </summary>
    private async Task<(AnalysisTarget Target, AnalysisRunStatus Status)> RunAsync(int agree, int disagree, int error, int otherCandidateDisagree)
    {
        var ns = $"t-{Guid.NewGuid():N}"[..12];
        var target = new AnalysisTarget(ns, "iris", "iris", "2.0.0", "1.0.0", "canary step 2", "ca4a10e001", "57ab1e0001", Shadowing: true);
        await using var stablePod = new SeriesExporter();
        (string, string)[] Labels(string candidate, string outcome) =>
            [("model_name", "iris"), ("model_version", "1.0.0"), ("model_deployment", "iris"), ("model_revision", "57ab1e0001"),
             ("candidate_revision", candidate), ("outcome", outcome)];
        var series = new[] { "agree", "disagree", "error" }.ToDictionary(o => o, o => stablePod.Series("model_shadow_comparisons_total", Labels(target.Revision, o)));
        var older = stablePod.Series("model_shadow_comparisons_total", Labels("01de4ca001", "disagree"));
        await prometheus.AddTargetAsync(new PrometheusScrapeTarget(stablePod.HostPort, ns, "iris-57ab1e0001-0"));
        await SeriesExporter.IncrementScrapedAsync(prometheus.Server, ns, "model_shadow_comparisons_total", 4,
            [(series["agree"], agree), (series["disagree"], disagree), (series["error"], error), (older, otherCandidateDisagree)], Patience);

        var (status, _) = await AnalysisDriver.RunToEndAsync(AnalysisDriver.Runner(prometheus.Server.Address), target, Spec, Patience);
        return (target, status);
    }
}
