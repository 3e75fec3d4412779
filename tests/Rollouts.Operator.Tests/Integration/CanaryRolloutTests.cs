using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Workloads;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Integration;

[Collection(RolloutCluster.Collection)]
public sealed class CanaryRolloutTests(RolloutCluster cluster)
{
    private static ModelDeploymentSpec Spec(string version, params global::Rollouts.Api.Strategy.CanaryStep[] steps) =>
        Canary(version, steps) with { ProgressDeadlineSeconds = 60, AbortScaleDownDelaySeconds = 1, Strategy = new() { Canary = new() { Steps = [.. steps], ScaleDownDelaySeconds = 1 } } };

    private static string Rev(ModelDeploymentSpec spec) => RevisionHasher.Compute(spec, OperatorInstance.Image);

    [Fact]
    public async Task Canary_with_gateway_api_shifts_weights_step_by_step_and_promotes()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "canary");
        var v1 = Spec("1.0.0", Weight(25), Pause("2s"), Analyze(), Weight(50), Pause());
        await s.ApplyAsync("iris", v1);
        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "first deploy healthy");
        st.StableVersion.ShouldBe("1.0.0");
        st.StableRevision.ShouldBe(Rev(v1));
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((100, 0));
        (await s.DeploymentReplicasAsync()).ShouldBe(new Dictionary<string, int> { ["1.0.0"] = 4 });

        var deployment = await s.Client.GetAsync<V1Deployment>(s.Namespace, RolloutScenario.DeploymentName("iris", Rev(v1)), CancellationToken.None);
        deployment.ShouldNotBeNull();
        var template = deployment.Spec!.Template;
        var pod = template!.Spec!;
        pod.Containers[0].Args.ShouldBe([.. DeploymentRenderer.Args(v1), "--model-deployment", "iris", "--model-revision", Rev(v1), "--drain-seconds", "5"]);
        pod.Containers[0].Image.ShouldBe(OperatorInstance.Image);
        deployment.Metadata.OwnerReferences!.Single().Controller.ShouldBe(true);
        template!.Metadata!.Annotations!["prometheus.io/scrape"].ShouldBe("true");

        var v2 = Spec("2.0.0", Weight(25), Pause("2s"), Analyze(), Weight(50), Pause());
        await s.ApplyAsync("iris", v2);
        st = await s.WaitForAsync("iris", x => x.CurrentStepIndex == 1 && x.CanaryWeight == 25, "weight 25 during the timed pause");
        st.PauseEndsAt.ShouldNotBeNull();
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((75, 25));
        (await s.DeploymentReplicasAsync()).ShouldBe(new Dictionary<string, int> { ["1.0.0"] = 4, ["2.0.0"] = 1 });
        (await s.SelectedRevisionAsync("iris-stable")).ShouldBe(Rev(v1));
        (await s.SelectedRevisionAsync("iris-canary")).ShouldBe(Rev(v2));

        st = await s.WaitForAsync("iris", x => x.CurrentStepIndex == 4 && x.Phase == RolloutPhase.Paused, "indefinite pause after analysis and weight 50");
        st.CanaryWeight.ShouldBe(50);
        st.Analysis!.Phase.ShouldBe(AnalysisPhase.Successful);
        s.Analysis.Calls.ShouldContain(c => c.Purpose == "canary step 2" && c.Version == "2.0.0" && c.StableVersion == "1.0.0" && c.ModelName == "iris");
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((50, 50));
        (await s.DeploymentReplicasAsync()).ShouldBe(new Dictionary<string, int> { ["1.0.0"] = 4, ["2.0.0"] = 2 });

        var columns = await Kubectl.OkAsync(cluster.Kubeconfig, $"get mdep -n {s.Namespace}");
        columns.ShouldContain("NAME   MODEL   STABLE   CANARY   WEIGHT   STEP   PHASE    AGE");
        columns.ShouldContain("iris   iris    1.0.0    2.0.0    50       4      Paused");

        await s.ActAsync("iris", "promote");
        st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy && x.StableVersion == "2.0.0", "promoted");
        st.CanaryVersion.ShouldBeNull();
        st.History![0].Result.ShouldBe("Completed");
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((100, 0));
        await s.WaitForReplicasAsync(new() { ["2.0.0"] = 4 });
        (await s.SelectedRevisionAsync("iris-stable")).ShouldBe(Rev(v2));
        (await s.GetAsync("iris")).Metadata.Annotations?.ContainsKey(ModelDeploymentAnnotations.Action).ShouldNotBe(true);

        var reasons = (await s.EventsWhenAsync("iris", l => l.Any(e => e.Reason == RolloutReasons.Promoted), "Promoted")).Select(e => e.Reason).ToHashSet();
        foreach (var reason in new[] { RolloutReasons.RolloutStarted, RolloutReasons.WeightSet, RolloutReasons.StepCompleted, RolloutReasons.Promoted, RolloutReasons.RolloutCompleted })
        {
            reasons.ShouldContain(reason);
        }
    }

    [Fact]
    public async Task After_a_promotion_the_old_stable_stays_at_full_size_for_scaleDownDelaySeconds()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "scaledown");
        var v1 = Canary("1.0.0", Weight(50)) with { Strategy = new() { Canary = new() { Steps = [Weight(50)], ScaleDownDelaySeconds = 15 } } };
        await s.ApplyAsync("iris", v1);
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", v1 with { Model = v1.Model with { Version = "2.0.0", Uri = "file:///models/iris-2.0.0.onnx" } });

        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy && x.StableVersion == "2.0.0", "promoted");
        st.PreviousVersion.ShouldBe("1.0.0");
        st.ScaleDownAt.ShouldNotBeNull();
        (await s.DeploymentReplicasAsync()).ShouldBe(new Dictionary<string, int> { ["1.0.0"] = 4, ["2.0.0"] = 4 });
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((100, 0));
        (await s.SelectedRevisionAsync("iris-stable")).ShouldBe(st.StableRevision);

        await s.WaitForReplicasAsync(new() { ["2.0.0"] = 4 });
        st = await s.WaitForAsync("iris", x => x.PreviousRevision is null, "the delay over");
        st.ScaleDownAt.ShouldBeNull();
        (await s.EventsWhenAsync("iris", l => l.Any(e => e.Reason == RolloutReasons.ScaledDown), "ScaledDown")).ShouldContain(e => e.Reason == RolloutReasons.ScaledDown);
    }

    [Fact]
    public async Task A_canary_that_never_gets_ready_rolls_back_at_the_progress_deadline()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "deadline");
        await s.ApplyAsync("iris", Spec("1.0.0", Weight(50), Pause()));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        s.Kubelet.NeverReady.Add("2.0.0");
        await s.ApplyAsync("iris", Spec("2.0.0", Weight(50), Pause()) with { ProgressDeadlineSeconds = 3 });

        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded, "rolled back");
        st.AbortReason.ShouldBe(RolloutReasons.ProgressDeadlineExceeded);
        st.StableVersion.ShouldBe("1.0.0");
        Conditions.Find(st.Conditions, ConditionTypes.RolledBack)!.Status.ShouldBe(ConditionStatus.True);
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((100, 0));
        await s.WaitForReplicasAsync(new() { ["1.0.0"] = 4 });
        await s.WaitUntilAsync(() => !s.Metrics.Rollbacks.IsEmpty, "the rollback metric");
        s.Metrics.Rollbacks.ShouldContain(r => r.Reason == RolloutReasons.ProgressDeadlineExceeded);
        (await s.EventsWhenAsync("iris", l => l.Any(e => e.Reason == RolloutReasons.ProgressDeadlineExceeded), "ProgressDeadlineExceeded")).ShouldContain(e => e.Reason == RolloutReasons.ProgressDeadlineExceeded && e.Type == "Warning");
    }

    [Fact]
    public async Task Abort_returns_traffic_to_stable_and_retry_runs_the_same_version_again()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "abort");
        await s.ApplyAsync("iris", Spec("1.0.0", Weight(50), Pause()));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", Spec("2.0.0", Weight(50), Pause()));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryWeight == 50, "paused at 50");

        await s.ActAsync("iris", "abort");
        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded, "aborted");
        Conditions.Find(st.Conditions, ConditionTypes.RolledBack)!.Reason.ShouldBe(RolloutReasons.RolloutAborted);
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((100, 0));
        await s.WaitForReplicasAsync(new() { ["1.0.0"] = 4 });

        await s.ActAsync("iris", "retry");
        st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryWeight == 50, "retried and paused at 50 again");
        st.CanaryVersion.ShouldBe("2.0.0");
        Conditions.Find(st.Conditions, ConditionTypes.RolledBack)!.Status.ShouldBe(ConditionStatus.False);
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((50, 50));
    }

    [Fact]
    public async Task A_failed_analysis_rolls_back_and_reports_the_reason()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "analysis");
        s.Analysis.Verdict = _ => AnalysisPhase.Failed;
        await s.ApplyAsync("iris", Spec("1.0.0", Weight(25), Analyze(), Weight(100)));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", Spec("2.0.0", Weight(25), Analyze(), Weight(100)));
        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded, "rolled back by analysis");
        st.AbortReason.ShouldBe(RolloutReasons.AnalysisFailed);
        Conditions.Find(st.Conditions, ConditionTypes.RolledBack)!.Message.ShouldBe("errorRate 0.5 > max 0.01");
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((100, 0));
        await s.WaitUntilAsync(() => !s.Metrics.Rollbacks.IsEmpty, "the rollback metric (recorded just after the status write)");
        s.Metrics.Rollbacks.ShouldContain(r => r.Reason == RolloutReasons.AnalysisFailed && r.Seconds >= 0 && r.Seconds < 30);
    }

    [Fact]
    public async Task Stopping_the_operator_between_steps_neither_redoes_nor_skips_a_step()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "restart");
        await s.ApplyAsync("iris", Spec("1.0.0", Weight(25), Pause(), Weight(75), Pause()));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", Spec("2.0.0", Weight(25), Pause(), Weight(75), Pause()));
        await s.WaitForAsync("iris", x => x.CurrentStepIndex == 1 && x.Phase == RolloutPhase.Paused, "paused at step 1");

        await s.StopOperatorAsync();
        await s.ActAsync("iris", "promote"); // arrives while no operator runs
        s.StartOperator();

        var after = await s.WaitForAsync("iris", x => x.CurrentStepIndex == 3 && x.Phase == RolloutPhase.Paused, "one step further after the restart");
        after.CanaryWeight.ShouldBe(75);
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((25, 75));
        var weightEvents = (await s.EventsWhenAsync("iris", l => l.Any(e => e.Message!.Contains("weight 75", StringComparison.Ordinal)), "weight 75"))
            .Where(e => e.Reason == RolloutReasons.WeightSet).ToList();
        weightEvents.Where(e => e.Message!.Contains("weight 25", StringComparison.Ordinal)).Sum(e => e.Count ?? 1).ShouldBe(1);
        weightEvents.Where(e => e.Message!.Contains("weight 75", StringComparison.Ordinal)).Sum(e => e.Count ?? 1).ShouldBe(1);
    }

    [Fact]
    public async Task A_second_spec_change_mid_rollout_restarts_against_the_same_stable()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "supersede");
        await s.ApplyAsync("iris", Spec("1.0.0", Weight(50), Pause()));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", Spec("2.0.0", Weight(50), Pause()));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryVersion == "2.0.0", "2.0.0 paused");
        await s.ApplyAsync("iris", Spec("3.0.0", Weight(50), Pause()));
        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryVersion == "3.0.0", "3.0.0 paused");
        st.StableVersion.ShouldBe("1.0.0");
        st.CurrentStepIndex.ShouldBe(1);
        st.History![0].Result.ShouldBe("Superseded");
        await s.WaitForReplicasAsync(new() { ["1.0.0"] = 4, ["3.0.0"] = 2 });
    }

    [Fact]
    public async Task Replica_ratio_routing_uses_one_service_over_both_revisions()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "ratio");
        await s.ApplyAsync("iris", Spec("1.0.0", Weight(20), Pause()) with { TrafficRouting = null });
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        var v1 = Rev(Spec("1.0.0", Weight(20), Pause()) with { TrafficRouting = null });
        (await s.SelectedRevisionAsync("iris")).ShouldBe(v1);

        await s.ApplyAsync("iris", Spec("2.0.0", Weight(20), Pause()) with { TrafficRouting = null });
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryWeight == 20, "weight 20");
        (await s.SelectedRevisionAsync("iris")).ShouldBeNull(); // selects every revision of the ModelDeployment
        await s.WaitForReplicasAsync(new() { ["1.0.0"] = 4, ["2.0.0"] = 1 });

        await s.ActAsync("iris", "abort");
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded, "aborted");
        (await s.SelectedRevisionAsync("iris")).ShouldBe(v1);
    }

    [Fact]
    public async Task An_existing_route_gets_only_its_weights_changed()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "route");
        var route = $"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {"{"}name: shared, namespace: {s.Namespace}, labels: {"{"}owner: me{"}"}{"}"}
            spec:
              parentRefs: [{"{"}name: public, namespace: gateways{"}"}]
              hostnames: [shared.example.com]
              rules:
              - matches: [{"{"}path: {"{"}type: PathPrefix, value: /v2{"}"}{"}"}]
                backendRefs:
                - {"{"}name: iris-stable, port: 80{"}"}
                - {"{"}name: iris-canary, port: 80, weight: 0{"}"}
              - backendRefs: [{"{"}name: unrelated, port: 80, weight: 7{"}"}]
            """;
        await Kubectl.OkAsync(cluster.Kubeconfig, "apply -f -", route);
        var routing = new global::Rollouts.Api.Traffic.TrafficRoutingSpec { GatewayApi = new() { HttpRoute = "shared" } };
        await s.ApplyAsync("iris", Spec("1.0.0", Weight(30), Pause()) with { TrafficRouting = routing });
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", Spec("2.0.0", Weight(30), Pause()) with { TrafficRouting = routing });
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryWeight == 30, "weight 30");

        (await s.RouteWeightsAsync("shared", "iris")).ShouldBe((70, 30));
        var r = await s.Client.GetAsync<HttpRoute>(s.Namespace, "shared", CancellationToken.None);
        r!.Metadata.Labels!["owner"].ShouldBe("me");
        r.Spec!.Hostnames.ShouldBe(["shared.example.com"]);
        r.Spec.ParentRefs!.Single().Name.ShouldBe("public");
        r.Spec.Rules![0].Matches!.Single().Path!.Value.ShouldBe("/v2");
        r.Spec.Rules[1].BackendRefs!.Single().Weight.ShouldBe(7);

        await s.ActAsync("iris", "abort");
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded, "aborted");
        (await s.RouteWeightsAsync("shared", "iris")).ShouldBe((100, 0));
    }
}
