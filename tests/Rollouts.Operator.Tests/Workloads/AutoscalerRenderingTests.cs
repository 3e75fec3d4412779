using Rollouts.Api;
using Rollouts.Api.Serving;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Workloads;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Workloads;

public sealed class AutoscalerRenderingTests
{
    private static readonly AutoscalingSpec Hpa = new() { MinReplicas = 2, MaxReplicas = 10, TargetCpuUtilizationPercentage = 70 };

    [Theory]
    [InlineData(AutoscalingVersion.V2beta2, typeof(V2beta2HorizontalPodAutoscaler))]
    [InlineData(AutoscalingVersion.V2, typeof(V2HorizontalPodAutoscaler))]
    public void The_hpa_scales_the_stable_deployment_on_cpu_in_the_served_version(string version, Type type)
    {
        var hpa = AutoscalerRenderer.Render(Owners.Of(Canary("1.0.0", Weight(10))), "abc", Hpa, version);
        hpa.GetType().ShouldBe(type);
        hpa.ApiVersion.ShouldBe($"autoscaling/{version}");
        global::Rollouts.Kube.KubeResource.Of<V2beta2HorizontalPodAutoscaler>().ApiVersion.ShouldBe("autoscaling/v2beta2");
        (hpa.Metadata.Name, hpa.Metadata.Labels["app.kubernetes.io/managed-by"], hpa.Metadata.OwnerReferences.Single().Uid).ShouldBe(("iris", "model-rollouts", "uid-1"));
        (hpa.Spec.ScaleTargetRef.ApiVersion, hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name).ShouldBe(("apps/v1", "Deployment", "iris-abc"));
        (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas).ShouldBe((2, 10));
        var metric = hpa.Spec.Metrics.Single();
        (metric.Type, metric.Resource.Name, metric.Resource.Target.Type, metric.Resource.Target.AverageUtilization).ShouldBe(("Resource", "cpu", "Utilization", 70));
    }

    [Fact]
    public void Without_replicas_the_deployment_leaves_them_out_and_hashes_the_same()
    {
        var owner = Owners.Of(Canary("1.0.0", Weight(10)));
        var withReplicas = DeploymentRenderer.Render(owner, "abc", 3, "img:1");
        var without = DeploymentRenderer.Render(owner, "abc", null, "img:1");
        without.Spec.Replicas.ShouldBeNull();
        KubernetesJson.Serialize(without).ShouldNotContain("\"replicas\"");
        AppliedHash.Compute(without).ShouldBe(AppliedHash.Compute(withReplicas));
    }

    [Theory]
    [InlineData(6, 6)]   // what the HPA set
    [InlineData(1, 2)]   // below minReplicas
    [InlineData(14, 10)] // above maxReplicas
    public void Under_an_hpa_the_plan_works_from_the_stables_current_replicas_within_the_bounds(int current, int expected)
    {
        var spec = Canary("1.0.0", Weight(10)) with { Serving = new ServingSpec { Replicas = 3, Autoscaling = Hpa } };
        var observed = new Dictionary<string, RevisionObservation> { ["abc"] = new("abc", "1.0.0", current, current) };
        CanaryScaling.StableReplicas(spec, observed, "abc").ShouldBe(expected);
        CanaryScaling.StableReplicas(spec, observed, "new").ShouldBe(3); // not created yet: the spec's replicas
        CanaryScaling.StableReplicas(spec with { Serving = spec.Serving with { Autoscaling = null } }, observed, "abc").ShouldBe(3);
    }
}
