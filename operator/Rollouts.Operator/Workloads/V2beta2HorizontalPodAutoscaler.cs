using k8s;
using k8s.Models;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// <c>autoscaling/v2beta2</c> HorizontalPodAutoscaler, the version Kubernetes 1.20 serves (KubernetesClient ships only
/// v1 and v2). Its fields the operator writes (scaleTargetRef, min/maxReplicas, a CPU Resource metric with a
/// Utilization target) have the same shape in v2beta2 and v2, so the type is v2's with v2beta2's coordinates.
/// </summary>
[KubernetesEntity(Group = "autoscaling", Kind = "HorizontalPodAutoscaler", ApiVersion = "v2beta2", PluralName = "horizontalpodautoscalers")]
public sealed record V2beta2HorizontalPodAutoscaler : V2HorizontalPodAutoscaler;
