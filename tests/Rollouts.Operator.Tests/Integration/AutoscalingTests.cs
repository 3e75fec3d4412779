using Rollouts.Api;
using Rollouts.Api.Serving;
using Rollouts.Api.Status;
using Rollouts.Operator.Workloads;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>
/// <c>spec.serving.autoscaling</c> on the real API server (v1.20: autoscaling/v2beta2). There is no metrics server
/// here, so the test scales the stable Deployment through its scale subresource as the HPA controller does, and checks
/// that the operator never scales it back, that a re-apply without replicas keeps them, that the canary follows the
/// stable's current size, and that the HPA moves to the new stable when the rollout completes.
/// </summary>
[Collection(RolloutCluster.Collection)]
public sealed class AutoscalingTests(RolloutCluster cluster)
{
    private static readonly AutoscalingSpec Hpa = new() { MinReplicas = 2, MaxReplicas = 10, TargetCpuUtilizationPercentage = 70 };

    private static ModelDeploymentSpec Spec(string version) =>
        Canary(version, Weight(50), Pause()) with { Serving = new ServingSpec { Replicas = 3, Autoscaling = Hpa }, ProgressDeadlineSeconds = 60, AbortScaleDownDelaySeconds = 1 };

    private static string Rev(ModelDeploymentSpec spec) => RevisionHasher.Compute(spec, OperatorInstance.Image);

    [Fact]
    public async Task The_hpa_owns_the_stable_replicas_the_canary_follows_them_and_the_hpa_moves_on_promotion()
    {
        await using var s = await RolloutScenario.StartAsync(cluster, "hpa");
        var v1 = Spec("1.0.0");
        await s.ApplyAsync("iris", v1);
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "first deploy healthy");
        var hpa = await WaitForHpaAsync(s, RolloutScenario.DeploymentName("iris", Rev(v1)));
        (hpa.ApiVersion, hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas).ShouldBe(("autoscaling/v2beta2", 2, 10));
        hpa.Spec.Metrics.Single().Resource.Target.AverageUtilization.ShouldBe(70);
        hpa.Metadata.OwnerReferences.Single().Name.ShouldBe("iris");
        (await s.DeploymentReplicasAsync()).ShouldBe(new Dictionary<string, int> { ["1.0.0"] = 3 });

        // A re-apply of the stable (its applied hash gone, as after an operator upgrade) leaves replicas out and keeps them.
        var stable = RolloutScenario.DeploymentName("iris", Rev(v1));
        await ForceReapplyAsync(s, stable);
        (await s.DeploymentReplicasAsync()).ShouldBe(new Dictionary<string, int> { ["1.0.0"] = 3 });

        // The HPA scales the stable up: the operator keeps the HPA's count, also through a re-apply.
        await ScaleAsync(s, stable, 6);
        await s.WaitForAsync("iris", x => x.Message?.Contains("6/6 replicas", StringComparison.Ordinal) == true, "the stable at the HPA's 6 replicas");
        await ForceReapplyAsync(s, stable);
        (await s.DeploymentReplicasAsync()).ShouldBe(new Dictionary<string, int> { ["1.0.0"] = 6 });

        // The canary at 50 % is sized from the stable's current 6 replicas, and follows when the HPA scales again.
        var v2 = Spec("2.0.0");
        await s.ApplyAsync("iris", v2);
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.CanaryWeight == 50, "paused at 50");
        await s.WaitForReplicasAsync(new() { ["1.0.0"] = 6, ["2.0.0"] = 3 });
        await ScaleAsync(s, stable, 8);
        await s.WaitForReplicasAsync(new() { ["1.0.0"] = 8, ["2.0.0"] = 4 });

        // Promotion: the new stable gets the HPA's current size and the HPA moves to it.
        await s.ActAsync("iris", "promote");
        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy && x.StableVersion == "2.0.0", "2.0.0 promoted");
        st.StableRevision.ShouldBe(Rev(v2));
        await WaitForHpaAsync(s, RolloutScenario.DeploymentName("iris", Rev(v2)));
        await s.WaitForReplicasAsync(new() { ["2.0.0"] = 8 });

        // Autoscaling removed: the HPA is deleted and the spec's replicas apply again.
        // (A merge patch: server-side apply of a removed nested field sends null on v1.20, which the schema refuses.)
        await s.Client.MergePatchAsync<ModelDeployment>(s.Namespace, "iris", new { spec = new { serving = new Dictionary<string, object?> { ["autoscaling"] = null } } }, CancellationToken.None);
        await s.WaitForReplicasAsync(new() { ["2.0.0"] = 3 });
        await s.WaitForAsync("iris", _ => s.Client.GetAsync<V2beta2HorizontalPodAutoscaler>(s.Namespace, "iris", CancellationToken.None).GetAwaiter().GetResult() is null, "the HPA deleted");
    }

    private static async Task<V2beta2HorizontalPodAutoscaler> WaitForHpaAsync(RolloutScenario s, string target)
    {
        V2beta2HorizontalPodAutoscaler? hpa = null;
        await s.WaitForAsync("iris", _ =>
        {
            hpa = s.Client.GetAsync<V2beta2HorizontalPodAutoscaler>(s.Namespace, "iris", CancellationToken.None).GetAwaiter().GetResult();
            return hpa?.Spec?.ScaleTargetRef?.Name == target;
        }, $"the HPA on {target}");
        return hpa!;
    }

    /// <summary>Sets replicas through the scale subresource with an update, as the HPA controller does.</summary>
    private static async Task ScaleAsync(RolloutScenario s, string deployment, int replicas)
    {
        var scale = await s.Client.Api.AppsV1.ReadNamespacedDeploymentScaleAsync(deployment, s.Namespace);
        scale.Spec.Replicas = replicas;
        await s.Client.Api.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, deployment, s.Namespace, fieldManager: "horizontal-pod-autoscaler");
    }

    /// <summary>Removes the applied-hash annotation and waits until the operator has applied the Deployment again.</summary>
    private static async Task ForceReapplyAsync(RolloutScenario s, string deployment)
    {
        await s.Client.MergePatchAsync<V1Deployment>(s.Namespace, deployment, new { metadata = new { annotations = new Dictionary<string, string?> { [AppliedHash.Annotation] = null } } }, CancellationToken.None);
        await s.WaitForAsync("iris", _ =>
            s.Client.GetAsync<V1Deployment>(s.Namespace, deployment, CancellationToken.None).GetAwaiter().GetResult()?.Metadata.Annotations?.ContainsKey(AppliedHash.Annotation) == true,
            $"{deployment} applied again");
    }
}
