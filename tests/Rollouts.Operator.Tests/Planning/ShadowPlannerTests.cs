using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Api.Strategy;
using Rollouts.Operator.Planning;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Planning;

/// <summary>The shadow step (seams S5): weight 0, a canary of at least one replica, the shadow in the plan until the next setWeight or the end.</summary>
public sealed class ShadowPlannerTests
{
    private static readonly CanaryStep[] Steps = [Weight(25), Shadow(10, "Label"), Analyze(), Pause(), Weight(50), Pause()];

    private static (PlannerHarness H, string Stable, string Canary) AtTheShadowsAnalysis(Func<ModelDeploymentSpec, ModelDeploymentSpec>? routing = null)
    {
        routing ??= s => s;
        var h = new PlannerHarness(routing(Canary("1.0.0", Steps)));
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy);
        var stable = h.Revision;
        h.SetSpec(routing(Canary("2.0.0", Steps)));
        h.Analysis = (d, cur) => AnalysisRuns.Run(d, AnalysisPhase.Running, h.Now);
        h.RunUntil(x => x.Status.CurrentStepIndex == 2);
        return (h, stable, h.Revision);
    }

    [Fact]
    public void A_shadow_step_sets_weight_0_keeps_one_canary_replica_and_plans_the_shadow_until_the_next_setWeight()
    {
        var (h, stable, canary) = AtTheShadowsAnalysis();
        h.Traffic.CanaryWeight.ShouldBe(0);
        h.Status.CanaryWeight.ShouldBe(0);
        h.Revisions[canary].Replicas.ShouldBe(1);
        h.Revisions[stable].Replicas.ShouldBe(4);
        h.LastPlan!.CanaryWeight.ShouldBe(0);
        h.LastPlan.Shadow.ShouldBe(new ShadowPlan(canary, 10, "Label", ShadowPlan.DefaultTolerance));
        h.Status.ShadowPercent.ShouldBe(10);
        h.Status.Message!.ShouldContain("shadowing 10%");
        h.Count(RolloutReasons.ShadowStarted).ShouldBe(1);
        h.Events.Single(e => e.Reason == RolloutReasons.ShadowStarted).Message.ShouldContain("10%");
        h.Demands.ShouldContain(new AnalysisDemand("canary step 2", canary, "2.0.0", Shadowing: true));

        // The analysis passes: the shadow stays on through the pause that follows.
        h.Analysis = (d, cur) => AnalysisRuns.Run(d, AnalysisPhase.Successful, h.Now);
        h.Pass();
        h.Status.CurrentStepIndex.ShouldBe(3);
        h.LastPlan!.Shadow.ShouldNotBeNull();
        h.Status.Phase.ShouldBe(RolloutPhase.Paused);

        // The next setWeight turns it off, already while the canary scales up for it.
        h.Pass("promote");
        h.Status.CurrentStepIndex.ShouldBe(4);
        h.LastPlan!.Shadow.ShouldBeNull();
        h.Pass();
        h.Status.CurrentStepIndex.ShouldBe(5);
        h.Status.CanaryWeight.ShouldBe(50);
        h.LastPlan!.Shadow.ShouldBeNull();
        h.Status.ShadowPercent.ShouldBeNull();
        h.Count(RolloutReasons.ShadowStopped).ShouldBe(1);
    }

    [Fact]
    public void With_replica_ratio_routing_the_shadow_keeps_weight_0_which_selects_only_the_stable()
    {
        var (h, _, canary) = AtTheShadowsAnalysis(RatioRouted);
        h.Traffic.CanaryWeight.ShouldBe(0);
        h.Revisions[canary].Replicas.ShouldBe(1); // at least one replica to answer the copies
        h.LastPlan!.Shadow!.Percent.ShouldBe(10);
        h.LastPlan.Shadow.Compare.ShouldBe("Label");
    }

    [Fact]
    public void The_shadow_waits_for_the_weight_read_back_as_0_before_it_starts()
    {
        CanaryStep[] steps = [Weight(25), Pause(), Shadow(10), Pause()];
        var h = new PlannerHarness(Canary("1.0.0", steps));
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy);
        h.SetSpec(Canary("2.0.0", steps));
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Paused);
        h.Traffic.CanaryWeight.ShouldBe(25);
        h.RouterStuck = true;
        h.Pass("promote");
        h.LastPlan!.CanaryWeight.ShouldBe(0);
        h.LastPlan.Shadow.ShouldBeNull(); // not before the canary is out of the user's path
        h.Status.CurrentStepIndex.ShouldBe(2);
        h.Status.Message!.ShouldContain("weight 0 for the shadow");
        h.Revisions[h.Revision].Replicas.ShouldBe(1); // sized for the weight it still has: ceil(4 * 25 / 100)

        h.RouterStuck = false;
        h.Pass();
        h.LastPlan!.Shadow.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("abort")]
    [InlineData("promote-full")]
    public void Abort_and_promotion_turn_the_shadow_off(string action)
    {
        var (h, _, _) = AtTheShadowsAnalysis();
        h.Pass(action);
        h.Pass();
        h.LastPlan!.Shadow.ShouldBeNull();
        h.Status.ShadowPercent.ShouldBeNull();
        h.Count(RolloutReasons.ShadowStopped).ShouldBe(1);
    }

    [Fact]
    public void A_failed_analysis_rolls_back_with_the_shadow_off()
    {
        var (h, stable, _) = AtTheShadowsAnalysis();
        h.Analysis = (d, cur) => AnalysisRuns.Run(d, AnalysisPhase.Failed, h.Now);
        h.Pass();
        h.Status.RolledBack.ShouldBe(true);
        h.Status.StableRevision.ShouldBe(stable);
        h.LastPlan!.Shadow.ShouldBeNull();
        h.Status.ShadowPercent.ShouldBeNull();
    }

    [Fact]
    public void A_superseding_edit_turns_the_shadow_off_and_restarts_from_step_0()
    {
        var (h, _, _) = AtTheShadowsAnalysis();
        h.SetSpec(Canary("3.0.0", Steps));
        h.Pass();
        h.Status.CanaryVersion.ShouldBe("3.0.0");
        h.Status.CurrentStepIndex!.Value.ShouldBeLessThanOrEqualTo(1);
        h.LastPlan!.Shadow.ShouldBeNull();
        h.Count(RolloutReasons.ShadowStopped).ShouldBe(1);
    }

    [Fact]
    public void A_restarted_operator_resumes_the_shadow_from_status()
    {
        var (h, _, canary) = AtTheShadowsAnalysis();
        var restarted = new PlannerHarness(h.Spec, h.Now) { Status = h.Status, Traffic = h.Traffic, Analysis = h.Analysis };
        foreach (var (k, v) in h.Revisions)
        {
            restarted.Revisions[k] = v;
        }

        restarted.Pass();
        restarted.LastPlan!.Shadow.ShouldBe(new ShadowPlan(canary, 10, "Label", ShadowPlan.DefaultTolerance));
        restarted.Count(RolloutReasons.ShadowStarted).ShouldBe(0);
        restarted.Count(RolloutReasons.ShadowStopped).ShouldBe(0);
    }

    [Fact]
    public void A_shadow_as_the_last_step_is_off_at_promotion()
    {
        var steps = new[] { Shadow(100), Pause() };
        var h = new PlannerHarness(Canary("1.0.0", steps));
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy);
        h.SetSpec(Canary("2.0.0", steps));
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Paused);
        h.LastPlan!.Shadow!.Percent.ShouldBe(100);
        h.Pass("promote");
        h.LastPlan!.Shadow.ShouldBeNull(); // off from the promotion on, while the canary scales to full size
        h.Pass();
        h.Status.Phase.ShouldBe(RolloutPhase.Healthy);
        h.Status.StableVersion.ShouldBe("2.0.0");
        h.LastPlan!.Shadow.ShouldBeNull();
    }
}
