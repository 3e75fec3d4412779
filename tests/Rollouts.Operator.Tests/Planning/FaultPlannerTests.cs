using Rollouts.Api.Status;
using Rollouts.Operator.Planning;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Planning;

/// <summary>Issue 12 item 1 in the planner: how long a ready canary may be short of replicas, counted from status.</summary>
public sealed class FaultPlannerTests
{
    private static PlannerHarness PausedAt50()
    {
        var h = new PlannerHarness(Canary("1.0.0", Weight(50), Pause()));
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy);
        h.SetSpec(Canary("2.0.0", Weight(50), Pause()));
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Paused && x.Status.CanaryWeight == 50);
        h.AutoReady = false;
        return h;
    }

    private static void Lose(PlannerHarness h, string revision, int available) => h.Revisions[revision] = h.Revisions[revision] with { AvailableReplicas = available };

    [Fact]
    public void A_short_canary_keeps_its_weight_until_the_deadline_counted_from_status_then_rolls_back()
    {
        var h = PausedAt50();
        var canary = h.Revision;
        Lose(h, canary, 1);
        var lostAt = h.Now;
        var plan = h.Pass();
        h.Status.CanaryUnavailableSince.ShouldBe(lostAt);
        h.Status.Phase.ShouldBe(RolloutPhase.Progressing);
        h.Status.Message!.ShouldContain("has 1/2 available replicas");
        plan.CanaryWeight.ShouldBe(50); // traffic unchanged within the deadline
        plan.RequeueAfter.ShouldBe(TimeSpan.FromSeconds(60));

        h.Advance(TimeSpan.FromSeconds(59));
        h.Pass(); // a later pass (or a restarted operator: the harness keeps only what the status holds) keeps counting
        h.Status.CanaryUnavailableSince.ShouldBe(lostAt);
        h.Status.AbortedRevision.ShouldBeNull();

        h.Advance(TimeSpan.FromSeconds(1));
        plan = h.Pass();
        h.Status.AbortReason.ShouldBe(RolloutReasons.CanaryUnavailable);
        h.Status.AbortMessage.ShouldBe($"revision {canary} (2.0.0) has 1/2 available replicas, short for 60s (progressDeadlineSeconds 60)");
        h.Status.RolledBack.ShouldBe(true); // the harness's router reads weight 0 back at once
        plan.CanaryWeight.ShouldBe(0);
        h.Status.CanaryUnavailableSince.ShouldBeNull();
        h.Count(RolloutReasons.CanaryUnavailable).ShouldBe(1);
    }

    [Fact]
    public void A_promote_while_the_canary_is_short_skips_the_pause_and_is_not_lost()
    {
        var h = PausedAt50();
        var canary = h.Revision;
        Lose(h, canary, 1);
        h.Pass();
        h.Status.CanaryUnavailableSince.ShouldNotBeNull();

        var plan = h.Pass("promote");
        plan.ConsumeAction.ShouldBeTrue();
        h.Count(RolloutReasons.Promoted).ShouldBe(1);
        h.Status.CurrentStepIndex.ShouldBe(2); // the pause is behind it; promotion waits for the canary's replicas
        h.Status.StableRevision.ShouldNotBe(canary);

        h.AutoReady = true;
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy);
        h.Status.StableRevision.ShouldBe(canary);
    }

    [Fact]
    public void A_canary_that_recovers_within_the_deadline_goes_on_and_the_count_starts_afresh()
    {
        var h = PausedAt50();
        Lose(h, h.Revision, 0);
        h.Pass();
        h.Status.CanaryUnavailableSince.ShouldNotBeNull();

        h.Advance(TimeSpan.FromSeconds(30));
        h.MakeAvailable(h.Revision);
        h.Pass();
        h.Status.CanaryUnavailableSince.ShouldBeNull();
        h.Status.Phase.ShouldBe(RolloutPhase.Paused);

        Lose(h, h.Revision, 0);
        h.Advance(TimeSpan.FromSeconds(40));
        h.Pass();
        h.Status.CanaryUnavailableSince.ShouldBe(h.Now);
        h.Status.AbortedRevision.ShouldBeNull();
    }

    [Fact]
    public void A_new_blue_green_active_short_past_the_deadline_before_the_scale_down_switches_back()
    {
        var h = new PlannerHarness(BlueGreen("1.0.0", auto: 0) with { ProgressDeadlineSeconds = 10 });
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy);
        var blue = h.Revision;
        h.SetSpec(BlueGreen("2.0.0", auto: 0) with { ProgressDeadlineSeconds = 10 });
        var green = h.Revision;
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy && x.Status.StableRevision == green);
        h.Status.PreviousRevision.ShouldBe(blue);
        h.AutoReady = false;

        Lose(h, green, 1);
        h.Pass();
        h.Status.StableRevision.ShouldBe(green);
        h.Status.CanaryUnavailableSince.ShouldBe(h.Now);
        h.Advance(TimeSpan.FromSeconds(10));
        var plan = h.Pass();
        h.Status.StableRevision.ShouldBe(blue);
        h.Status.AbortedRevision.ShouldBe(green);
        h.Status.AbortReason.ShouldBe(RolloutReasons.CanaryUnavailable);
        h.Status.RolledBack.ShouldBe(true);
        plan.Services.ShouldBe(new ServiceTargets(blue, blue));
        plan.Revisions!.ShouldContain(r => r.Revision == blue && r.Replicas == 3);
    }

    private static (PlannerHarness H, string Old, string New) PromotedCanary(int deadlineSeconds)
    {
        var h = new PlannerHarness(Canary("1.0.0", Weight(50)) with { ProgressDeadlineSeconds = deadlineSeconds });
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy);
        var old = h.Revision;
        h.SetSpec(Canary("2.0.0", Weight(50)) with { ProgressDeadlineSeconds = deadlineSeconds });
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy && x.Status.StableRevision == x.Revision);
        h.Status.PreviousRevision.ShouldBe(old);
        h.AutoReady = false;
        return (h, old, h.Revision);
    }

    [Fact]
    public void A_new_canary_stable_short_past_the_deadline_within_the_scale_down_delay_sends_traffic_back_to_the_previous_one()
    {
        var (h, old, fresh) = PromotedCanary(deadlineSeconds: 10);
        Lose(h, fresh, 1);
        h.Pass();
        h.Status.StableRevision.ShouldBe(fresh);
        h.Status.CanaryUnavailableSince.ShouldBe(h.Now);

        h.Advance(TimeSpan.FromSeconds(10));
        var plan = h.Pass();
        h.Status.StableRevision.ShouldBe(old);
        h.Status.AbortedRevision.ShouldBe(fresh);
        h.Status.AbortReason.ShouldBe(RolloutReasons.CanaryUnavailable);
        h.Status.RolledBack.ShouldBe(true);
        h.Traffic.CanaryWeight.ShouldBe(0);
        plan.Revisions!.ShouldContain(r => r.Revision == old && r.Replicas == 4);
        h.Count(RolloutReasons.CanaryUnavailable).ShouldBe(1);
    }

    [Fact]
    public void The_previous_revision_is_kept_past_the_scale_down_delay_while_the_new_stable_is_short_and_goes_once_it_recovers()
    {
        var (h, old, fresh) = PromotedCanary(deadlineSeconds: 120);
        var scaleDownAt = h.Status.ScaleDownAt!.Value;
        Lose(h, fresh, 2);
        h.Pass();
        h.Now = scaleDownAt + TimeSpan.FromSeconds(5);
        var plan = h.Pass();
        plan.Revisions!.ShouldContain(r => r.Revision == old && r.Replicas == 4, "the only revision with every replica available stays");
        h.Status.PreviousRevision.ShouldBe(old);
        plan.RequeueAfter.ShouldNotBeNull();
        plan.RequeueAfter!.Value.ShouldBeGreaterThan(TimeSpan.Zero, "held until the deadline, never a hot loop");

        h.MakeAvailable(fresh);
        plan = h.Pass();
        plan.Revisions!.ShouldNotContain(r => r.Revision == old);
        h.Status.StableRevision.ShouldBe(fresh);
        h.Status.PreviousRevision.ShouldBeNull();
        h.Status.CanaryUnavailableSince.ShouldBeNull();
        h.Count(RolloutReasons.ScaledDown).ShouldBe(1);
    }
}
