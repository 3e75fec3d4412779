using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Planning;

public sealed class BlueGreenPlannerTests
{
    private static PlannerHarness Deployed(bool pre = false, bool post = false, int? auto = null)
    {
        var h = new PlannerHarness(BlueGreen("1.0.0", pre, post, auto));
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy);
        return h;
    }

    [Fact]
    public void Preview_then_manual_promotion_switches_the_active_service_and_keeps_the_old_revision_for_the_delay()
    {
        var h = Deployed();
        var blue = h.Revision;
        h.SetSpec(BlueGreen("2.0.0"));
        var green = h.Revision;
        h.Pass();
        h.Pass();
        h.Status.CurrentStepIndex.ShouldBe(BlueGreenStages.AwaitingPromotion);
        h.Status.Phase.ShouldBe(RolloutPhase.Paused);
        h.Revisions[green].Replicas.ShouldBe(1);
        h.LastPlan!.Services.ShouldBe(new ServiceTargets(blue, green));
        h.Traffic.ActiveRevision.ShouldBe(blue);

        h.Pass("promote");
        h.Revisions[green].Replicas.ShouldBe(3);
        h.Traffic.ActiveRevision.ShouldBe(blue); // not before full size is available
        h.Pass();
        h.Status.StableRevision.ShouldBe(green);
        h.Status.Phase.ShouldBe(RolloutPhase.Healthy);
        h.Traffic.ActiveRevision.ShouldBe(green);
        h.Revisions[blue].Replicas.ShouldBe(3);
        h.Status.PreviousRevision.ShouldBe(blue);
        h.Status.History![0].Result.ShouldBe("Completed");
        h.Status.History[0].Version.ShouldBe("2.0.0");
        h.Status.History[0].Revision.ShouldBe(green);

        h.Advance(TimeSpan.FromSeconds(29));
        h.Pass();
        h.Revisions.ShouldContainKey(blue);
        h.Advance(TimeSpan.FromSeconds(1));
        h.Pass();
        h.Revisions.Keys.ShouldBe([green]);
        h.Count(RolloutReasons.ScaledDown).ShouldBe(1);
    }

    [Fact]
    public void Preview_replicas_above_the_replica_count_wait_only_for_the_replicas_created()
    {
        // The schema allows previewReplicas > replicas; the preview runs min(previewReplicas, replicas) pods.
        var h = Deployed();
        var spec = BlueGreen("2.0.0");
        h.SetSpec(spec with { Strategy = spec.Strategy with { BlueGreen = spec.Strategy.BlueGreen! with { PreviewReplicas = 5 } } });
        var green = h.Revision;
        h.Pass();
        h.Pass();

        h.Revisions[green].Replicas.ShouldBe(3);
        h.Status.CurrentStepIndex.ShouldBe(BlueGreenStages.AwaitingPromotion);
        h.Status.Phase.ShouldBe(RolloutPhase.Paused);
        h.Advance(TimeSpan.FromSeconds(61));
        h.Pass();
        h.Status.Phase.ShouldBe(RolloutPhase.Paused, "no progress deadline for replicas it never asked for");
    }

    [Fact]
    public void Auto_promotion_counts_down()
    {
        var h = Deployed(auto: 60);
        h.SetSpec(BlueGreen("2.0.0", auto: 60));
        h.Pass();
        h.Pass();
        h.Status.CurrentStepIndex.ShouldBe(BlueGreenStages.AwaitingPromotion);
        h.Status.Message!.ShouldContain("auto-promotion in 1m");
        h.Advance(TimeSpan.FromSeconds(60));
        h.RunUntil(x => x.Status.StableVersion == "2.0.0");
        h.Count(RolloutReasons.Promoted).ShouldBe(1);
    }

    [Fact]
    public void Failed_pre_promotion_analysis_never_switches()
    {
        var h = Deployed(pre: true, auto: 0);
        var blue = h.Revision;
        h.Analysis = (d, cur) => AnalysisRuns.Run(d, AnalysisPhase.Failed, h.Now, "latency p99 900ms > 100ms");
        h.SetSpec(BlueGreen("2.0.0", pre: true, auto: 0));
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Degraded);
        h.Demands.ShouldContain(d => d.Purpose == "pre-promotion");
        h.Traffic.ActiveRevision.ShouldBe(blue);
        h.Count(RolloutReasons.Promoted).ShouldBe(0);
        h.Condition(ConditionTypes.RolledBack)!.Reason.ShouldBe(RolloutReasons.AnalysisFailed);
    }

    [Fact]
    public void Failed_post_promotion_analysis_switches_back_to_the_old_revision()
    {
        var h = Deployed(post: true, auto: 0);
        var blue = h.Revision;
        h.Analysis = (d, cur) => AnalysisRuns.Run(d, cur is null ? AnalysisPhase.Running : AnalysisPhase.Failed, h.Now, "errorRate 0.2 > 0.01");
        h.SetSpec(BlueGreen("2.0.0", post: true, auto: 0));
        var green = h.Revision;
        h.RunUntil(x => x.Status.CurrentStepIndex == BlueGreenStages.PostPromotionAnalysis);
        h.Traffic.ActiveRevision.ShouldBe(green);
        h.Revisions[blue].Replicas.ShouldBe(3); // still full size: switching back is instant

        h.RunUntil(x => x.Status.Phase == RolloutPhase.Degraded);
        h.Traffic.ActiveRevision.ShouldBe(blue);
        h.Status.StableRevision.ShouldBe(blue);
        h.Condition(ConditionTypes.RolledBack)!.Status.ShouldBe(ConditionStatus.True);
        h.Rollbacks.ShouldHaveSingleItem();
    }
}
