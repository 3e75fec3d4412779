using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Planning;

public sealed class CanaryPlannerTests
{
    private static PlannerHarness Deployed(params global::Rollouts.Api.Strategy.CanaryStep[] steps)
    {
        var h = new PlannerHarness(Canary("1.0.0", steps));
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy);
        return h;
    }

    [Fact]
    public void First_deploy_goes_straight_to_stable_and_is_healthy_once_available()
    {
        var h = new PlannerHarness(Canary("1.0.0", Weight(50))) { AutoReady = false };
        var plan = h.Pass();
        h.Status.Phase.ShouldBe(RolloutPhase.Pending);
        h.Status.StableVersion.ShouldBe("1.0.0");
        plan.Revisions!.Single().ShouldBe(new DesiredRevision(h.Revision, 4, true));
        plan.Services.ShouldBe(new ServiceTargets(h.Revision, h.Revision));
        plan.CanaryWeight.ShouldBe(0);
        plan.RequeueAfter.ShouldBeNull(); // waiting for pods: the Deployment's watch event wakes the reconciler, no poll

        h.MakeAvailable(h.Revision);
        h.Pass();
        h.Status.Phase.ShouldBe(RolloutPhase.Healthy);
        h.Condition(ConditionTypes.Available)!.Status.ShouldBe(ConditionStatus.True);
        h.Count(RolloutReasons.RolloutCompleted).ShouldBe(1);
    }

    [Fact]
    public void Full_canary_walks_every_step_and_promotes()
    {
        var h = Deployed(Weight(25), Pause("2m"), Analyze(), Weight(50), Pause());
        var stable = h.Revision;
        h.Analysis = (d, cur) => AnalysisRuns.Run(d, cur is null ? AnalysisPhase.Running : AnalysisPhase.Successful, h.Now);
        h.SetSpec(Canary("2.0.0", Weight(25), Pause("2m"), Analyze(), Weight(50), Pause()));
        var canary = h.Revision;

        h.Pass(); // canary created, waiting for its replica
        h.Status.CurrentStepIndex.ShouldBe(0);
        h.Status.CanaryWeight.ShouldBe(0);
        h.Pass();
        h.Count(RolloutReasons.RolloutStarted).ShouldBe(2);
        h.Status.CanaryVersion.ShouldBe("2.0.0");
        h.Status.CanaryWeight.ShouldBe(25);
        h.Status.CurrentStepIndex.ShouldBe(1);
        h.Status.Phase.ShouldBe(RolloutPhase.Paused);
        h.Status.PauseEndsAt.ShouldBe(h.Now.AddMinutes(2));
        h.Revisions[stable].Replicas.ShouldBe(4);
        h.Revisions[canary].Replicas.ShouldBe(1); // ceil(4 * 25 / 100)
        h.LastPlan!.RequeueAfter.ShouldBe(TimeSpan.FromMinutes(2)); // the pause's end, not a resync sooner

        var pausedStatus = System.Text.Json.JsonSerializer.Serialize(h.Status);
        h.Status.Message!.ShouldContain($"pause 2m until {h.Now.AddMinutes(2).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        h.Advance(TimeSpan.FromSeconds(90));
        h.Pass();
        h.Status.CurrentStepIndex.ShouldBe(1);
        System.Text.Json.JsonSerializer.Serialize(h.Status).ShouldBe(pausedStatus); // no countdown: a pass inside the pause leaves status as it was
        h.LastPlan!.RequeueAfter.ShouldBe(TimeSpan.FromSeconds(30));

        h.Advance(TimeSpan.FromSeconds(30));
        h.Pass(); // pause done, analysis demanded and started (Running)
        h.Status.CurrentStepIndex.ShouldBe(2);
        h.Status.Analysis!.Phase.ShouldBe(AnalysisPhase.Running);
        h.Demands.ShouldContain(new AnalysisDemand("canary step 2", canary, "2.0.0"));

        h.Advance(TimeSpan.FromSeconds(1));
        h.Pass(); // analysis successful; the canary scales to 2 for weight 50
        h.Status.CurrentStepIndex.ShouldBe(3);
        h.Status.CanaryWeight.ShouldBe(25);
        h.Pass(); // weight 50 set, then the indefinite pause
        h.Status.CurrentStepIndex.ShouldBe(4);
        h.Status.CanaryWeight.ShouldBe(50);
        h.Revisions[canary].Replicas.ShouldBe(2);
        h.Status.Phase.ShouldBe(RolloutPhase.Paused);
        h.Condition(ConditionTypes.Paused)!.Reason.ShouldBe(RolloutReasons.PauseStep);

        h.Advance(TimeSpan.FromHours(1));
        h.Pass();
        h.Status.CurrentStepIndex.ShouldBe(4); // waits for promote, no deadline

        h.Pass("promote");
        h.Revisions[canary].Replicas.ShouldBe(4);
        h.Pass(); // full size available: weight 100, then the swap
        h.Status.StableVersion.ShouldBe("2.0.0");
        h.Status.StableRevision.ShouldBe(canary);
        h.Status.CanaryVersion.ShouldBeNull();
        h.Status.Phase.ShouldBe(RolloutPhase.Healthy);
        h.Traffic.CanaryWeight.ShouldBe(0);
        h.LastPlan!.Services.ShouldBe(new ServiceTargets(canary, canary));
        h.Status.History![0].Result.ShouldBe("Completed");
        h.Condition(ConditionTypes.Progressing)!.Reason.ShouldBe(RolloutReasons.RolloutCompleted);

        // The old stable stays at full size, with no traffic, for scaleDownDelaySeconds (default 30), then goes.
        h.Revisions[stable].Replicas.ShouldBe(4);
        h.Revisions.Count.ShouldBe(2);
        h.Status.PreviousRevision.ShouldBe(stable);
        h.Status.ScaleDownAt.ShouldBe(h.Now.AddSeconds(30));
        h.LastPlan.RequeueAfter.ShouldBe(TimeSpan.FromSeconds(30));
        h.Advance(TimeSpan.FromSeconds(29));
        h.Pass();
        h.Revisions.Count.ShouldBe(2);
        h.Advance(TimeSpan.FromSeconds(1));
        h.Pass();
        h.Revisions.Keys.ShouldBe([canary]);
        h.Status.PreviousRevision.ShouldBeNull();
        h.Count(RolloutReasons.ScaledDown).ShouldBe(1);
    }

    [Fact]
    public void Weight_waits_for_the_replicas_it_needs()
    {
        var h = Deployed(Weight(60), Pause());
        h.AutoReady = false;
        h.SetSpec(Canary("2.0.0", Weight(60), Pause()));
        var canary = h.Revision;
        h.Pass();
        h.Status.CanaryWeight.ShouldBe(0);
        h.Traffic.CanaryWeight.ShouldBe(0);
        h.Revisions[canary].Replicas.ShouldBe(3); // ceil(4 * 0.6)
        h.Status.Message!.ShouldContain("0/3");

        h.Revisions[canary] = h.Revisions[canary] with { AvailableReplicas = 2 };
        h.Pass();
        h.Status.CanaryWeight.ShouldBe(0);

        h.Revisions[canary] = h.Revisions[canary] with { AvailableReplicas = 3 };
        h.Pass();
        h.Status.CanaryWeight.ShouldBe(60);
        h.Traffic.CanaryWeight.ShouldBe(60);
        h.Count(RolloutReasons.WeightSet).ShouldBe(1);
    }

    [Fact]
    public void A_canary_that_never_becomes_available_rolls_back_at_the_deadline()
    {
        var h = Deployed(Weight(10), Pause());
        var stable = h.Revision;
        h.AutoReady = false;
        h.SetSpec(Canary("2.0.0", Weight(10), Pause()));
        var canary = h.Revision;
        h.Pass();
        h.Advance(TimeSpan.FromSeconds(59));
        h.Pass();
        h.Status.Phase.ShouldBe(RolloutPhase.Progressing);

        h.Advance(TimeSpan.FromSeconds(1));
        h.Pass();
        h.Status.Phase.ShouldBe(RolloutPhase.Degraded);
        h.Status.AbortReason.ShouldBe(RolloutReasons.ProgressDeadlineExceeded);
        h.Condition(ConditionTypes.RolledBack)!.Reason.ShouldBe(RolloutReasons.ProgressDeadlineExceeded);
        h.Count(RolloutReasons.ProgressDeadlineExceeded).ShouldBe(1);
        h.Rollbacks.Single().Reason.ShouldBe(RolloutReasons.ProgressDeadlineExceeded);
        h.Status.StableRevision.ShouldBe(stable);
        h.Revisions.ShouldContainKey(canary); // until abortScaleDownDelaySeconds

        h.Advance(TimeSpan.FromSeconds(30));
        h.Pass();
        h.Revisions.Keys.ShouldBe([stable]);
        h.Status.Phase.ShouldBe(RolloutPhase.Degraded); // stays rolled back until retry or a new spec
    }

    [Fact]
    public void Abort_returns_traffic_to_stable_before_reporting_rolled_back()
    {
        var h = Deployed(Weight(50), Pause());
        h.SetSpec(Canary("2.0.0", Weight(50), Pause()));
        h.Pass();
        h.Pass();
        h.Status.CanaryWeight.ShouldBe(50);

        h.RouterStuck = true;
        var plan = h.Pass("abort");
        plan.CanaryWeight.ShouldBe(0);
        plan.ConsumeAction.ShouldBeTrue();
        h.Status.Phase.ShouldBe(RolloutPhase.Progressing);
        h.Status.RolledBack.ShouldBe(false);
        h.Condition(ConditionTypes.RolledBack).ShouldBeNull();
        h.Count(RolloutReasons.RolledBack).ShouldBe(0);

        h.RouterStuck = false;
        h.Pass();
        h.Status.Phase.ShouldBe(RolloutPhase.Degraded);
        h.Condition(ConditionTypes.RolledBack)!.Status.ShouldBe(ConditionStatus.True);
        h.Condition(ConditionTypes.RolledBack)!.Reason.ShouldBe(RolloutReasons.RolloutAborted);
        h.Count(RolloutReasons.RolledBack).ShouldBe(1);
    }

    [Fact]
    public void Failed_analysis_rolls_back_and_times_the_rollback_from_the_failing_measurement()
    {
        var h = Deployed(Weight(20), Analyze(), Weight(100));
        h.Analysis = (d, cur) => AnalysisRuns.Run(d, AnalysisPhase.Failed, h.Now, "errorRate 0.5 > max 0.01");
        h.SetSpec(Canary("2.0.0", Weight(20), Analyze(), Weight(100)));
        h.Pass();
        h.Pass();
        h.Status.Phase.ShouldBe(RolloutPhase.Degraded);
        h.Status.AbortReason.ShouldBe(RolloutReasons.AnalysisFailed);
        h.Condition(ConditionTypes.RolledBack)!.Message.ShouldBe("errorRate 0.5 > max 0.01");
        h.Traffic.CanaryWeight.ShouldBe(0);
        h.Count(RolloutReasons.AnalysisFailed).ShouldBe(1);
        h.Rollbacks.Single().TrafficSeconds.ShouldBe(3, tolerance: 0.001);
    }

    [Fact]
    public void Retry_restarts_the_same_version_from_step_zero()
    {
        var h = Deployed(Weight(20), Pause());
        h.SetSpec(Canary("2.0.0", Weight(20), Pause()));
        h.Pass();
        h.Pass();
        h.Pass("abort");
        h.Status.Phase.ShouldBe(RolloutPhase.Degraded);
        h.Pass();
        h.Status.Phase.ShouldBe(RolloutPhase.Degraded); // not retried by itself

        h.Pass("retry");
        h.Count(RolloutReasons.RolloutRetried).ShouldBe(1);
        h.Status.CanaryVersion.ShouldBe("2.0.0");
        h.Status.CurrentStepIndex.ShouldBe(1);
        h.Status.Phase.ShouldBe(RolloutPhase.Paused);
        h.Condition(ConditionTypes.RolledBack)!.Status.ShouldBe(ConditionStatus.False);
    }

    [Fact]
    public void A_new_version_mid_rollout_restarts_from_step_zero_against_the_same_stable()
    {
        var h = Deployed(Weight(20), Pause(), Weight(50), Pause());
        var stable = h.Revision;
        h.SetSpec(Canary("2.0.0", Weight(20), Pause(), Weight(50), Pause()));
        var v2 = h.Revision;
        h.Pass();
        h.Pass();
        h.Pass("promote");
        h.Pass();
        h.Status.CurrentStepIndex.ShouldBe(3);
        h.Status.CanaryWeight.ShouldBe(50);

        h.SetSpec(Canary("3.0.0", Weight(20), Pause(), Weight(50), Pause()));
        h.Pass();
        h.Pass();
        h.Status.StableRevision.ShouldBe(stable);
        h.Status.CanaryVersion.ShouldBe("3.0.0");
        h.Status.CurrentStepIndex.ShouldBe(1);
        h.Status.CanaryWeight.ShouldBe(20);
        h.Revisions.ShouldNotContainKey(v2);
        h.Status.History![0].Result.ShouldBe("Superseded");
        h.Count(RolloutReasons.RolloutSuperseded).ShouldBe(1);
    }

    [Fact]
    public void A_new_revision_of_the_same_version_is_measured_again_not_judged_by_the_run_of_the_revision_it_replaced()
    {
        var h = Deployed(Weight(20), Analyze(), Pause());
        h.Analysis = (d, cur) => AnalysisRuns.Run(d, cur is null ? AnalysisPhase.Running : AnalysisPhase.Successful, h.Now);
        h.SetSpec(Canary("2.0.0", Weight(20), Analyze(), Pause()));
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Paused && x.Status.CurrentStepIndex == 2);
        var first = h.Revision;
        h.Status.Analysis!.TargetRevision.ShouldBe(first);

        // The same model version from another file (re-exported, say): a new revision.
        var edited = Canary("2.0.0", Weight(20), Analyze(), Pause());
        h.SetSpec(edited with { Model = edited.Model with { Uri = "file:///models/iris-2.0.0-reexported.onnx" } });
        h.Revision.ShouldNotBe(first);
        h.Demands.Clear();
        h.RunUntil(x => x.Status.CanaryRevision == x.Revision && x.Status.Phase == RolloutPhase.Paused && x.Status.CurrentStepIndex == 2);

        h.Demands.ShouldContain(d => d.Revision == h.Revision, "the new revision's analysis step ran its own measurements");
        h.Status.Analysis!.TargetRevision.ShouldBe(h.Revision);
        h.Status.Analysis.TargetVersion.ShouldBe("2.0.0");
    }

    [Fact]
    public void Going_back_to_the_stable_spec_cancels_the_rollout()
    {
        var h = Deployed(Weight(20), Pause());
        var stable = h.Revision;
        h.SetSpec(Canary("2.0.0", Weight(20), Pause()));
        h.Pass();
        h.SetSpec(Canary("1.0.0", Weight(20), Pause()));
        h.Pass();
        h.Status.Phase.ShouldBe(RolloutPhase.Healthy);
        h.Status.CanaryVersion.ShouldBeNull();
        h.Traffic.CanaryWeight.ShouldBe(0);
        h.Revisions.Keys.ShouldBe([stable]);
        h.Count(RolloutReasons.RolloutCancelled).ShouldBe(1);
    }

    [Fact]
    public void Promote_is_refused_while_analysis_is_failing_but_promote_full_and_abort_work()
    {
        var h = Deployed(Weight(20), Analyze(), Weight(50));
        h.Analysis = (d, cur) => AnalysisRuns.Run(d, AnalysisPhase.Running, h.Now) with { FailedRounds = 1 };
        h.SetSpec(Canary("2.0.0", Weight(20), Analyze(), Weight(50)));
        h.Pass();
        h.Pass();
        h.Status.CurrentStepIndex.ShouldBe(1);

        h.Pass("promote");
        h.Count(RolloutReasons.PromoteRefused).ShouldBe(1);
        h.Status.CurrentStepIndex.ShouldBe(1);

        h.Pass("promote-full");
        h.Pass();
        h.Status.StableVersion.ShouldBe("2.0.0");
        h.Status.Phase.ShouldBe(RolloutPhase.Healthy);
    }

    [Fact]
    public void Manual_pause_holds_the_step_and_resume_releases_it()
    {
        var h = Deployed(Weight(20), Pause("10s"), Weight(50), Pause());
        h.SetSpec(Canary("2.0.0", Weight(20), Pause("10s"), Weight(50), Pause()));
        h.Pass();
        h.Pass();
        h.Pass("pause");
        h.Status.ManuallyPaused.ShouldBe(true);
        h.Advance(TimeSpan.FromMinutes(5));
        h.Pass();
        h.Status.CurrentStepIndex.ShouldBe(1);
        h.Condition(ConditionTypes.Paused)!.Reason.ShouldBe(RolloutReasons.ManualPause);

        h.Pass("resume");
        h.Status.ManuallyPaused.ShouldBeNull();
        h.Pass();
        h.Status.CurrentStepIndex.ShouldBe(3);
        h.Status.CanaryWeight.ShouldBe(50);
    }

    [Fact]
    public void Inconclusive_analysis_pauses_and_resume_reruns_it()
    {
        var h = Deployed(Weight(20), Analyze());
        var phase = AnalysisPhase.Inconclusive;
        h.Analysis = (d, cur) => AnalysisRuns.Run(d, cur is null ? phase : cur.Phase, h.Now);
        h.SetSpec(Canary("2.0.0", Weight(20), Analyze()));
        h.Pass();
        h.Pass();
        h.Status.Phase.ShouldBe(RolloutPhase.Paused);
        h.Condition(ConditionTypes.Paused)!.Reason.ShouldBe(RolloutReasons.AnalysisInconclusive);

        phase = AnalysisPhase.Successful;
        h.Pass("resume");
        h.RunUntil(x => x.Status.StableVersion == "2.0.0");
        h.Status.Phase.ShouldBe(RolloutPhase.Healthy);
    }

    [Fact]
    public void Unknown_actions_are_consumed_with_a_warning()
    {
        var h = Deployed(Weight(20), Pause());
        var plan = h.Pass("explode");
        plan.ConsumeAction.ShouldBeTrue();
        h.Events.ShouldContain(e => e.Warning && e.Reason == RolloutReasons.UnknownAction);
    }

    [Fact]
    public void Invalid_spec_is_terminal_touches_nothing_and_warns_once()
    {
        var h = Deployed(Weight(20), Pause());
        h.SetSpec(Canary("2.0.0", Weight(20), Pause("soon")));
        var plan = h.Pass();
        plan.Revisions.ShouldBeNull();
        plan.CanaryWeight.ShouldBeNull();
        plan.RequeueAfter.ShouldBeNull();
        h.Status.Phase.ShouldBe(RolloutPhase.Degraded);
        h.Condition(ConditionTypes.InvalidSpec)!.Message!.ShouldContain("'soon' is not a duration");
        h.Pass();
        h.Count(RolloutReasons.InvalidSpec).ShouldBe(1);

        h.SetSpec(Canary("2.0.0", Weight(20), Pause()));
        h.Pass();
        h.Condition(ConditionTypes.InvalidSpec)!.Status.ShouldBe(ConditionStatus.False);
        h.Status.CanaryVersion.ShouldBe("2.0.0");
    }

    [Fact]
    public void Conditions_keep_their_transition_time_while_unchanged()
    {
        var h = Deployed(Weight(20), Pause());
        var t = h.Condition(ConditionTypes.Available)!.LastTransitionTime;
        h.Advance(TimeSpan.FromMinutes(3));
        h.Pass();
        h.Condition(ConditionTypes.Available)!.LastTransitionTime.ShouldBe(t);
    }

    [Fact]
    public void Replica_ratio_routing_scales_the_canary_to_approximate_the_weight()
    {
        var spec = Canary("1.0.0", Weight(20), Pause()) with { TrafficRouting = null };
        var h = new PlannerHarness(spec);
        h.RunUntil(x => x.Status.Phase == RolloutPhase.Healthy);
        h.SetSpec(Canary("2.0.0", Weight(20), Pause()) with { TrafficRouting = null });
        h.Pass();
        h.Pass();
        h.Revisions[h.Revision].Replicas.ShouldBe(1); // round(4 * 20 / 80) = 1 → 1:4 = 20 %
        h.Status.CanaryWeight.ShouldBe(20);
        h.Events.ShouldContain(e => e.Reason == RolloutReasons.WeightSet && e.Message.Contains("effective 20%"));
    }
}
