using k8s.Models;
using Rollouts.Operator.Traffic;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// The children one plan asks for, rendered (pure, see <see cref="ChildrenRenderer"/>): everything the pass writes,
/// so the code that writes them only compares and applies, and never renders from the spec itself.
/// </summary>
public sealed record DesiredChildren
{
    /// <summary>One entry per revision the plan keeps, in the plan's order.</summary>
    public IReadOnlyList<DesiredDeployment> Deployments { get; init; } = [];

    /// <summary>The revision Services to apply (stable and canary, or active and preview; those not needed yet are left out, see <see cref="ChildrenRenderer"/>); empty when the plan leaves Services as they are.</summary>
    public IReadOnlyList<V1Service> Services { get; init; } = [];

    /// <summary>Blue-green: the revision the active Service selects in this plan; null for a canary or when Services are left as they are.</summary>
    public string? ActiveRevision { get; init; }

    /// <summary>The shadow ConfigMap (<c>percent: 0</c> when the plan shadows nothing); applied while <see cref="ShadowOn"/> or once one exists.</summary>
    public required V1ConfigMap ShadowConfig { get; init; }

    /// <summary>True while the plan shadows requests to the canary.</summary>
    public bool ShadowOn { get; init; }

    /// <summary>The HorizontalPodAutoscaler on the stable revision (a <see cref="V2beta2HorizontalPodAutoscaler"/> on clusters without autoscaling/v2); null: none is wanted (an owned one is deleted).</summary>
    public V2HorizontalPodAutoscaler? Autoscaler { get; init; }

    /// <summary>True when <c>spec.serving.autoscaling</c> is set (with no stable revision yet there is no <see cref="Autoscaler"/>, and nothing is deleted).</summary>
    public bool Autoscaled { get; init; }

    /// <summary>The weight to set on the router, and between which Services; null: leave traffic as it is.</summary>
    public DesiredTraffic? Traffic { get; init; }
}

/// <summary>A revision Deployment of the plan.</summary>
/// <param name="Revision">Revision hash.</param>
/// <param name="Replicas">Desired <c>spec.replicas</c>.</param>
/// <param name="Rendered">The Deployment to apply (server-side), rendered from the spec; null for a revision that is not the spec's (only scaled).</param>
/// <param name="ReplicasOwnedByAutoscaler">True for the existing stable revision under an HPA: rendered without <c>spec.replicas</c>, never scaled.</param>
public sealed record DesiredDeployment(string Revision, int Replicas, V1Deployment? Rendered, bool ReplicasOwnedByAutoscaler);

/// <summary>The canary (blue-green: preview) weight to set between the Services of <paramref name="Target"/>.</summary>
/// <param name="Target">The Services and revisions the router splits between, with the header rule in force.</param>
/// <param name="CanaryWeight">Percentage 0–100 to the canary.</param>
/// <param name="Rendered">The route that carries the weight, rendered: the operator's HTTPRoute or root Service; null for an existing route (<see cref="TrafficTarget.Route"/>: only its weights change) or no router.</param>
public sealed record DesiredTraffic(TrafficTarget Target, int CanaryWeight, k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>? Rendered);
