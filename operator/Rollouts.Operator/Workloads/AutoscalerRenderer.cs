using k8s.Models;
using Rollouts.Api;
using Rollouts.Api.Serving;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// Renders the HorizontalPodAutoscaler of a ModelDeployment (pure): one per ModelDeployment, named after it, scaling
/// the stable revision's Deployment between minReplicas and maxReplicas on average CPU utilization. The target moves
/// to the new stable when a rollout completes (the same object, another <c>scaleTargetRef</c>).
/// </summary>
public static class AutoscalerRenderer
{
    /// <summary>The HPA of <paramref name="owner"/> on revision <paramref name="stableRevision"/> in API version <paramref name="version"/> (<see cref="AutoscalingVersion.V2"/> or <see cref="AutoscalingVersion.V2beta2"/>).</summary>
    public static V2HorizontalPodAutoscaler Render(ModelDeployment owner, string stableRevision, AutoscalingSpec spec, string version)
    {
        var name = owner.Metadata.Name ?? throw new ArgumentException("the ModelDeployment has no name", nameof(owner));
        V2HorizontalPodAutoscaler hpa = version == AutoscalingVersion.V2beta2 ? new V2beta2HorizontalPodAutoscaler() : new V2HorizontalPodAutoscaler();
        hpa.ApiVersion = $"autoscaling/{version}";
        hpa.Kind = "HorizontalPodAutoscaler";
        hpa.Metadata = new V1ObjectMeta
        {
            Name = WorkloadNames.Autoscaler(name),
            NamespaceProperty = owner.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string>
            {
                ["app.kubernetes.io/name"] = owner.Spec?.Model.Name ?? name,
                ["app.kubernetes.io/managed-by"] = PodLabels.ManagedBy,
                [ModelDeploymentAnnotations.DeploymentLabel] = name,
            },
            OwnerReferences = [Ownership.ControllerRef(owner)],
        };
        hpa.Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = WorkloadNames.Deployment(name, stableRevision) },
            MinReplicas = spec.MinReplicas,
            MaxReplicas = Math.Max(spec.MinReplicas, spec.MaxReplicas),
            Metrics =
            [
                new V2MetricSpec
                {
                    Type = "Resource",
                    Resource = new V2ResourceMetricSource { Name = "cpu", Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = spec.TargetCpuUtilizationPercentage } },
                },
            ],
        };
        return hpa;
    }
}
