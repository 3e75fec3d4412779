using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Workloads;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Integration;

[Collection(RolloutCluster.Collection)]
public sealed class BlueGreenRolloutTests(RolloutCluster cluster)
{
    private static ModelDeploymentSpec Spec(string version) =>
        BlueGreen(version, post: true, auto: 0) with { Serving = new() { Replicas = 2 }, Strategy = new() { BlueGreen = new() { PreviewReplicas = 1, AutoPromotionSeconds = 0, ScaleDownDelaySeconds = 2, PostPromotionAnalysis = true } } };

    private static string Rev(ModelDeploymentSpec spec) => RevisionHasher.Compute(spec, OperatorInstance.Image);

    [Fact]
    public async Task Blue_green_switches_back_on_failed_post_promotion_analysis_and_switches_for_good_when_it_passes()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "bluegreen");
        await s.ApplyAsync("iris", Spec("1.0.0"));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "blue healthy");
        (await s.SelectedRevisionAsync("iris-active")).ShouldBe(Rev(Spec("1.0.0")));

        s.Analysis.Verdict = t => t.Purpose == "post-promotion" ? AnalysisPhase.Failed : AnalysisPhase.Successful;
        await s.ApplyAsync("iris", Spec("2.0.0"));
        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded, "switched back");
        st.AbortReason.ShouldBe(RolloutReasons.AnalysisFailed);
        st.StableVersion.ShouldBe("1.0.0");
        (await s.SelectedRevisionAsync("iris-active")).ShouldBe(Rev(Spec("1.0.0")));
        var events = await s.EventsWhenAsync("iris", l => l.Any(e => e.Reason == RolloutReasons.RolledBack), "RolledBack");
        events.ShouldContain(e => e.Reason == RolloutReasons.Promoted && e.Message!.Contains("active Service switched to 2.0.0", StringComparison.Ordinal));
        events.ShouldContain(e => e.Reason == RolloutReasons.RolledBack);
        s.Analysis.Calls.ShouldContain(c => c.Purpose == "post-promotion" && c.Version == "2.0.0");

        s.Analysis.Verdict = _ => AnalysisPhase.Successful;
        await s.ApplyAsync("iris", Spec("3.0.0"));
        st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy && x.StableVersion == "3.0.0", "green active");
        st.PreviousVersion.ShouldBe("1.0.0");
        (await s.SelectedRevisionAsync("iris-active")).ShouldBe(Rev(Spec("3.0.0")));
        await s.WaitForReplicasAsync(new() { ["3.0.0"] = 2 }); // the previous revision goes after scaleDownDelaySeconds
    }
}
