using System.Text.Json;
using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Workloads;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>The shadow and setHeaderRoute steps on the real API server (issue 14, seams S1/S5).</summary>
[Collection(RolloutCluster.Collection)]
public sealed class ShadowAndHeaderRolloutTests(RolloutCluster cluster)
{
    /// <summary>How a test's ModelDeployment routes traffic.</summary>
    public enum Routing
    {
        GatewayApi,
        ReplicaRatio,
    }

    private static ModelDeploymentSpec Spec(string version, Routing routing, params global::Rollouts.Api.Strategy.CanaryStep[] steps)
    {
        var spec = Canary(version, steps) with { ProgressDeadlineSeconds = 60, AbortScaleDownDelaySeconds = 1, Strategy = new() { Canary = new() { Steps = [.. steps], ScaleDownDelaySeconds = 1 } } };
        return routing == Routing.ReplicaRatio ? RatioRouted(spec) : spec;
    }

    private static string Rev(ModelDeploymentSpec spec) => RevisionHasher.Compute(spec, OperatorInstance.Image);

    [Theory]
    [InlineData(Routing.GatewayApi)]
    [InlineData(Routing.ReplicaRatio)]
    public async Task A_shadow_step_turns_the_configmap_on_without_touching_the_stable_pod_template_and_the_next_setWeight_turns_it_off(Routing routing)
    {
        await using var s = await RolloutScenario.StartAsync(cluster, routing == Routing.GatewayApi ? "shadow-gw" : "shadow-ratio");
        var steps = new[] { Weight(25), Shadow(10, "Label"), Pause(), Weight(50), Pause() };
        var v1 = Spec("1.0.0", routing, steps);
        await s.ApplyAsync("iris", v1);
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "first deploy healthy");
        var stableName = RolloutScenario.DeploymentName("iris", Rev(v1));
        var before = await s.Client.GetAsync<V1Deployment>(s.Namespace, stableName, CancellationToken.None);
        var template = KubernetesJson.Serialize(before!.Spec!.Template);
        template.ShouldContain(ShadowConfigRenderer.FilePath); // mounted and named to the server before any shadow
        (await ShadowConfigAsync(s)).ShouldBeNull(); // never shadowed: no ConfigMap (the pods mount it optionally)

        var v2 = Spec("2.0.0", routing, steps);
        await s.ApplyAsync("iris", v2);
        var st = await s.WaitForAsync("iris", x => x.CurrentStepIndex == 2 && x.Phase == RolloutPhase.Paused && x.ShadowPercent == 10, "paused while shadowing");
        st.CanaryWeight.ShouldBe(0);
        st.Message!.ShouldContain("shadowing 10%");
        (await s.DeploymentReplicasAsync()).ShouldBe(new Dictionary<string, int> { ["1.0.0"] = 4, ["2.0.0"] = 1 });
        if (routing == Routing.GatewayApi)
        {
            (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((100, 0));
        }
        else
        {
            (await s.SelectedRevisionAsync("iris")).ShouldBe(Rev(v1)); // weight 0: the one Service selects only the stable
        }

        var cm = await ShadowConfigAsync(s);
        cm.ShouldNotBeNull();
        var owner = await s.GetAsync("iris");
        cm.Metadata.OwnerReferences!.Single().Uid.ShouldBe(owner.Metadata.Uid);
        var json = JsonDocument.Parse(cm.Data!["shadow.json"]).RootElement;
        json.GetProperty("percent").GetInt32().ShouldBe(10);
        json.GetProperty("targetRevision").GetString().ShouldBe(Rev(v2));
        json.GetProperty("targetUrl").GetString().ShouldBe($"http://iris-canary.{s.Namespace}.svc:80");
        json.GetProperty("compare").GetString().ShouldBe("Label");
        (await s.EventsWhenAsync("iris", l => l.Any(e => e.Reason == RolloutReasons.ShadowStarted), "ShadowStarted")).ShouldContain(e => e.Message!.Contains("10%"));

        // Starting the shadow changed nothing of the stable's pods: same template, same generation (no restart).
        var during = await s.Client.GetAsync<V1Deployment>(s.Namespace, stableName, CancellationToken.None);
        KubernetesJson.Serialize(during!.Spec!.Template).ShouldBe(template);
        during.Metadata.Generation.ShouldBe(before.Metadata.Generation);

        await s.ActAsync("iris", "promote");
        await s.WaitForAsync("iris", x => x.CurrentStepIndex == 4 && x.CanaryWeight == 50 && x.ShadowPercent is null, "weight 50, shadow off");
        await WaitForShadowPercentAsync(s, 0);
        (await s.EventsWhenAsync("iris", l => l.Any(e => e.Reason == RolloutReasons.ShadowStopped), "ShadowStopped")).ShouldContain(e => e.Reason == RolloutReasons.ShadowStopped);

        var after = await s.Client.GetAsync<V1Deployment>(s.Namespace, stableName, CancellationToken.None);
        KubernetesJson.Serialize(after!.Spec!.Template).ShouldBe(template);
        after.Metadata.Generation.ShouldBe(before.Metadata.Generation);
    }

    [Fact]
    public async Task A_restarted_operator_resumes_the_shadow_and_abort_turns_it_off()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "shadow-restart");
        var steps = new[] { Shadow(30), Pause(), Weight(50) };
        await s.ApplyAsync("iris", Spec("1.0.0", Routing.GatewayApi, steps));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", Spec("2.0.0", Routing.GatewayApi, steps));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.ShadowPercent == 30, "shadowing");
        await WaitForShadowPercentAsync(s, 30);

        // While no operator runs, someone turns the shadow off by hand: the restarted operator puts it back from status.
        await s.StopOperatorAsync();
        await s.Client.MergePatchAsync<V1ConfigMap>(s.Namespace, "iris-shadow", new { data = new Dictionary<string, string> { ["shadow.json"] = """{"percent":0}""" } }, CancellationToken.None);
        s.StartOperator();
        await WaitForShadowPercentAsync(s, 30);
        (await s.GetAsync("iris")).Status!.CurrentStepIndex.ShouldBe(1);

        await s.ActAsync("iris", "abort");
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded && x.RolledBack == true && x.ShadowPercent is null, "rolled back");
        await WaitForShadowPercentAsync(s, 0);
    }

    [Fact]
    public async Task SetHeaderRoute_adds_a_cohort_rule_before_the_weighted_one_and_a_step_without_value_or_an_abort_removes_it()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "header");
        var steps = new[] { Weight(20), Header("x-user-group", "beta"), Pause(), Header("x-user-group"), Pause(), Header("x-user-group", "^be.*", "RegularExpression"), Pause() };
        await s.ApplyAsync("iris", Spec("1.0.0", Routing.GatewayApi, steps));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", Spec("2.0.0", Routing.GatewayApi, steps));
        var st = await s.WaitForAsync("iris", x => x.CurrentStepIndex == 2 && x.Phase == RolloutPhase.Paused, "paused with the cohort rule");
        st.CanaryWeight.ShouldBe(20); // read back from the weighted rule only
        st.HeaderRoute!.Value.ShouldBe("beta");
        var rules = await RulesAsync(s);
        rules.Count.ShouldBe(2);
        rules[0].Matches!.Single().Headers!.Single().ShouldBe(new HttpHeaderMatch { Type = "Exact", Name = "x-user-group", Value = "beta" });
        rules[0].BackendRefs!.Select(b => (b.Name, b.Weight)).ShouldBe([("iris-canary", 100)]);
        rules[1].BackendRefs!.Select(b => (b.Name, b.Weight)).ShouldBe([("iris-stable", 80), ("iris-canary", 20)]);

        await s.ActAsync("iris", "promote");
        st = await s.WaitForAsync("iris", x => x.CurrentStepIndex == 4 && x.Phase == RolloutPhase.Paused, "paused without the cohort rule");
        st.HeaderRoute.ShouldBeNull();
        (await RulesAsync(s)).Single().BackendRefs!.Select(b => (b.Name, b.Weight)).ShouldBe([("iris-stable", 80), ("iris-canary", 20)]);

        await s.ActAsync("iris", "promote");
        await s.WaitForAsync("iris", x => x.CurrentStepIndex == 6 && x.Phase == RolloutPhase.Paused, "paused with the regex cohort rule");
        (await RulesAsync(s))[0].Matches!.Single().Headers!.Single().Type.ShouldBe("RegularExpression");

        await s.ActAsync("iris", "abort");
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded && x.RolledBack == true, "rolled back");
        (await RulesAsync(s)).Single().BackendRefs!.Select(b => (b.Name, b.Weight)).ShouldBe([("iris-stable", 100), ("iris-canary", 0)]);
        (await s.EventsWhenAsync("iris", l => l.Count(e => e.Reason == RolloutReasons.HeaderRouteRemoved) >= 2, "two HeaderRouteRemoved")).ShouldContain(e => e.Reason == RolloutReasons.HeaderRouteSet);
    }

    [Fact]
    public async Task SetHeaderRoute_with_replica_ratio_routing_is_an_invalid_spec()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "header-ratio");
        await s.ApplyAsync("iris", Spec("1.0.0", Routing.ReplicaRatio, Header("x-user-group", "beta"), Pause()));
        var st = await s.WaitForAsync("iris", x => Conditions.IsTrue(x.Conditions, ConditionTypes.InvalidSpec), "InvalidSpec");
        Conditions.Find(st.Conditions, ConditionTypes.InvalidSpec)!.Message!.ShouldContain("replica-ratio routing cannot route by header");
    }

    private static async Task<V1ConfigMap?> ShadowConfigAsync(RolloutScenario s) =>
        await s.Client.GetAsync<V1ConfigMap>(s.Namespace, "iris-shadow", CancellationToken.None);

    private static async Task<List<HttpRouteRule>> RulesAsync(RolloutScenario s) =>
        (await s.Client.GetAsync<HttpRoute>(s.Namespace, "iris", CancellationToken.None))!.Spec!.Rules!;

    private static async Task WaitForShadowPercentAsync(RolloutScenario s, int percent)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await ShadowConfigAsync(s))?.Data?["shadow.json"];
            if (last is not null && JsonDocument.Parse(last).RootElement.GetProperty("percent").GetInt32() == percent)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"iris-shadow never said percent {percent}; last: {last}");
    }
}
