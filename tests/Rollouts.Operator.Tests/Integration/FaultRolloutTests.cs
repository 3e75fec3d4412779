using System.Text.Json.Nodes;
using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Workloads;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>
/// Issue 12 item 1: a canary (blue-green: preview or new active) that fails after it was ready is rolled back, traffic
/// to stable first; item 4: an edit that makes the spec invalid mid-rollout sends the canary's traffic back to stable.
/// </summary>
[Collection(RolloutCluster.Collection)]
public sealed class FaultRolloutTests(RolloutCluster cluster)
{
    // Rolled out with a deadline that leaves a loaded machine time to start pods; shortened (not part of the revision)
    // once the canary is ready, before it fails.
    private static ModelDeploymentSpec CanarySpec(string version, int deadline = 60) =>
        Canary(version, Weight(50), Pause()) with { ProgressDeadlineSeconds = deadline, AbortScaleDownDelaySeconds = 1 };

    private static ModelDeploymentSpec BlueGreenSpec(string version, int? auto, int scaleDownDelay, int deadline = 60) =>
        BlueGreen(version) with
        {
            Serving = new() { Replicas = 2 },
            Strategy = new() { BlueGreen = new() { PreviewReplicas = 1, AutoPromotionSeconds = auto, ScaleDownDelaySeconds = scaleDownDelay } },
            ProgressDeadlineSeconds = deadline,
            AbortScaleDownDelaySeconds = 1,
        };

    private static string Rev(ModelDeploymentSpec spec) => RevisionHasher.Compute(spec, OperatorInstance.Image);

    [Fact]
    public async Task A_canary_that_turns_unready_during_an_indefinite_pause_is_rolled_back()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "unready");
        await s.ApplyAsync("iris", CanarySpec("1.0.0"));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", CanarySpec("2.0.0"));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryWeight == 50, "paused at weight 50, the canary ready");
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((50, 50));

        await s.ApplyAsync("iris", CanarySpec("2.0.0", deadline: 3));
        s.Kubelet.Fail("2.0.0");
        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded && x.RolledBack == true, "rolled back");
        st.AbortReason.ShouldBe(RolloutReasons.CanaryUnavailable);
        st.AbortMessage!.ShouldContain("has 0/2 available replicas, short for");
        st.StableVersion.ShouldBe("1.0.0");
        st.CanaryUnavailableSince.ShouldBeNull();
        Conditions.Find(st.Conditions, ConditionTypes.RolledBack)!.Reason.ShouldBe(RolloutReasons.CanaryUnavailable);
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((100, 0));
        await s.WaitForReplicasAsync(new() { ["1.0.0"] = 4 });
        var events = await s.EventsWhenAsync("iris", l => l.Any(e => e.Reason == RolloutReasons.RolledBack), "RolledBack");
        events.ShouldContain(e => e.Reason == RolloutReasons.CanaryUnavailable && e.Type == "Warning");
    }

    [Fact]
    public async Task A_blue_green_preview_that_turns_unready_while_awaiting_promotion_is_rolled_back()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "preview");
        await s.ApplyAsync("iris", BlueGreenSpec("1.0.0", auto: null, scaleDownDelay: 1));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "blue healthy");
        await s.ApplyAsync("iris", BlueGreenSpec("2.0.0", auto: null, scaleDownDelay: 1));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CurrentStepIndex == BlueGreenStages.AwaitingPromotion, "awaiting promotion");
        (await s.SelectedRevisionAsync("iris-preview")).ShouldBe(Rev(BlueGreenSpec("2.0.0", null, 1)));

        await s.ApplyAsync("iris", BlueGreenSpec("2.0.0", auto: null, scaleDownDelay: 1, deadline: 3));
        s.Kubelet.Fail("2.0.0");
        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded && x.RolledBack == true, "rolled back");
        st.AbortReason.ShouldBe(RolloutReasons.CanaryUnavailable);
        st.AbortMessage!.ShouldContain("has 0/1 available replicas");
        (await s.SelectedRevisionAsync("iris-active")).ShouldBe(Rev(BlueGreenSpec("1.0.0", null, 1)));
        await s.WaitForReplicasAsync(new() { ["1.0.0"] = 2 });
    }

    [Fact]
    public async Task A_new_active_that_turns_unready_while_the_previous_revision_is_kept_switches_back()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "active");
        await s.ApplyAsync("iris", BlueGreenSpec("1.0.0", auto: 0, scaleDownDelay: 600));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "blue healthy");
        await s.ApplyAsync("iris", BlueGreenSpec("2.0.0", auto: 0, scaleDownDelay: 600));
        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy && x.StableVersion == "2.0.0", "green active, blue kept");
        st.PreviousVersion.ShouldBe("1.0.0");
        (await s.SelectedRevisionAsync("iris-active")).ShouldBe(Rev(BlueGreenSpec("2.0.0", 0, 600)));

        await s.ApplyAsync("iris", BlueGreenSpec("2.0.0", auto: 0, scaleDownDelay: 600, deadline: 3));
        s.Kubelet.Fail("2.0.0");
        st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded && x.RolledBack == true, "switched back");
        st.AbortReason.ShouldBe(RolloutReasons.CanaryUnavailable);
        st.StableVersion.ShouldBe("1.0.0");
        st.PreviousRevision.ShouldBeNull();
        (await s.SelectedRevisionAsync("iris-active")).ShouldBe(Rev(BlueGreenSpec("1.0.0", 0, 600)));
        await s.WaitForReplicasAsync(new() { ["1.0.0"] = 2 });
    }

    [Fact]
    public async Task An_edit_that_makes_the_spec_invalid_mid_rollout_sends_traffic_back_to_stable_and_a_valid_edit_starts_afresh()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "invalid");
        await s.ApplyAsync("iris", CanarySpec("1.0.0"));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", CanarySpec("2.0.0"));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryWeight == 50, "paused at weight 50");
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((50, 50));

        // Passes the schema, not the operator: a custom check whose min is above its max.
        var invalid = CanarySpec("2.0.0");
        await s.ApplyAsync("iris", invalid with { Analysis = invalid.Analysis! with { Metrics = [new() { Name = "score", Query = "up", Min = 2, Max = 1 }] } });
        var st = await s.WaitForAsync("iris", x => x.CanaryRevision is null && Conditions.IsTrue(x.Conditions, ConditionTypes.InvalidSpec), "withdrawn");
        st.Phase.ShouldBe(RolloutPhase.Degraded);
        st.StableVersion.ShouldBe("1.0.0");
        st.CanaryWeight.ShouldBe(0);
        Conditions.Find(st.Conditions, ConditionTypes.InvalidSpec)!.Message.ShouldBe("spec.analysis: analysis.metrics[0].min 2 is greater than max 1");
        st.History![0].Result.ShouldBe("Superseded");
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((100, 0));
        await s.WaitForReplicasAsync(new() { ["1.0.0"] = 4 });

        await s.ApplyAsync("iris", CanarySpec("2.0.0"));
        st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryWeight == 50 && x.CanaryVersion == "2.0.0", "a new rollout paused at weight 50");
        Conditions.Find(st.Conditions, ConditionTypes.InvalidSpec)!.Status.ShouldBe(ConditionStatus.False);
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((50, 50));
        var started = (await s.EventsWhenAsync("iris", l => l.Where(e => e.Reason == RolloutReasons.RolloutStarted).Sum(e => e.Count ?? 1) >= 3, "three RolloutStarted"))
            .Where(e => e.Reason == RolloutReasons.RolloutStarted).Sum(e => e.Count ?? 1);
        started.ShouldBe(3); // the first deploy, 2.0.0, and 2.0.0 again after the invalid spec
    }

    [Fact]
    public async Task An_invalid_edit_that_drops_the_gateway_route_mid_rollout_sends_traffic_back_to_stable_on_the_route_in_force()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "invalid-route");
        await s.ApplyAsync("iris", CanarySpec("1.0.0"));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", CanarySpec("2.0.0"));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryWeight == 50, "paused at weight 50");
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((50, 50));
        var before = await s.Client.GetAsync<HttpRoute>(s.Namespace, "iris", CancellationToken.None);

        // Passes the schema, not the operator (replica-ratio routing cannot route by header). The spec no longer names
        // the Gateway API, but the rollout in flight splits traffic on its HTTPRoute: that is where it goes back to stable.
        // A merge patch, as `kubectl apply` sends (server-side apply on v1.20 turns a removed nested field into a null).
        var steps = Canary("2.0.0", Header("x-user-group", "beta"), Weight(50), Pause()).Strategy.Canary!.Steps;
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["trafficRouting"] = null,
                ["strategy"] = new JsonObject { ["canary"] = new JsonObject { ["steps"] = JsonNode.Parse(KubernetesJson.Serialize(steps)) } },
            },
        };
        await s.Client.MergePatchAsync<ModelDeployment>(s.Namespace, "iris", patch, CancellationToken.None);
        var st = await s.WaitForAsync("iris", x => x.CanaryRevision is null && Conditions.IsTrue(x.Conditions, ConditionTypes.InvalidSpec), "withdrawn");
        Conditions.Find(st.Conditions, ConditionTypes.InvalidSpec)!.Message!.ShouldContain("cannot route by header");
        st.StableVersion.ShouldBe("1.0.0");
        st.CanaryWeight.ShouldBe(0);
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((100, 0));
        var after = await s.Client.GetAsync<HttpRoute>(s.Namespace, "iris", CancellationToken.None);
        KubernetesJson.Serialize(after!.Spec!.ParentRefs).ShouldBe(KubernetesJson.Serialize(before!.Spec!.ParentRefs), "only the weights change");
    }
}
