using k8s.Models;
using Rollouts.Api;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Traffic;

namespace Rollouts.Operator.Workloads;

/// <summary>What a plan's children are rendered from, besides the plan: the owner and the facts of the cluster.</summary>
/// <param name="Owner">The ModelDeployment (owner references, labels, and the spec of the revision it asks for).</param>
/// <param name="Image">The effective serving image (<c>spec.serving.image</c> or the operator's default).</param>
/// <param name="AutoscalingVersion">The HPA API the cluster serves (<see cref="AutoscalingVersion.V2"/> or <see cref="AutoscalingVersion.V2beta2"/>).</param>
/// <param name="Router">The router in force (<see cref="GatewayApiRouter.Kind"/>, <see cref="ReplicaRatioRouter.Kind"/>), or null: no route is rendered.</param>
/// <param name="WeightsOnlyRoute">The operator's own HTTPRoute while the spec is invalid: only its weights are set (see <see cref="TrafficTarget.Route"/>); null otherwise.</param>
/// <param name="ExistingServices">Which of the ModelDeployment's revision Services (<see cref="WorkloadNames.PrimaryService"/>,
/// <see cref="WorkloadNames.SecondaryService"/>) the Service cache holds, owned by it; null: none. Once created, one is kept.</param>
public sealed record RenderContext(ModelDeployment Owner, string Image, string AutoscalingVersion, string? Router = null, string? WeightsOnlyRoute = null, IReadOnlySet<string>? ExistingServices = null);

/// <summary>Renders a <see cref="RolloutPlan"/> into the <see cref="DesiredChildren"/> it asks for (pure).</summary>
public static class ChildrenRenderer
{
    /// <summary>
    /// The children of <paramref name="plan"/> for the ModelDeployment seen in <paramref name="snapshot"/>. Only revisions
    /// the plan marks <see cref="DesiredRevision.FromSpec"/> are rendered from the spec; the existing stable revision under
    /// an HPA is rendered without replicas. Null when the plan leaves workloads alone (<see cref="RolloutPlan.Revisions"/> null).
    /// </summary>
    public static DesiredChildren? Render(RolloutPlan plan, RolloutSnapshot snapshot, RenderContext context)
    {
        if (plan.Revisions is null)
        {
            return null;
        }

        var owner = context.Owner;
        var name = owner.Metadata.Name!;
        var blueGreen = snapshot.Spec.Strategy?.BlueGreen is not null;
        var autoscaling = snapshot.Spec.Serving?.Autoscaling;
        var deployments = plan.Revisions.Select(r =>
        {
            var autoscaled = autoscaling is not null && r.Revision == plan.Status.StableRevision && snapshot.Revisions.ContainsKey(r.Revision);
            var rendered = r.FromSpec ? DeploymentRenderer.Render(owner, r.Revision, autoscaled ? null : r.Replicas, context.Image) : null;
            return new DesiredDeployment(r.Revision, r.Replicas, rendered, autoscaled);
        }).ToList();

        var services = plan.Services is { } svc ? RevisionServices(owner, svc, blueGreen, context) : [];

        DesiredTraffic? traffic = null;
        if (plan.CanaryWeight is { } weight && plan.Status.StableRevision is { } stable)
        {
            var existing = ExistingRoute(snapshot.Spec, context.WeightsOnlyRoute);
            var target = Target(owner, stable, plan.Services?.Secondary ?? plan.Status.CanaryRevision ?? stable, blueGreen) with { Header = plan.HeaderRoute, Route = existing };
            k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>? route = context.Router switch
            {
                ReplicaRatioRouter.Kind => ReplicaRatioRouter.Render(target, weight),
                GatewayApiRouter.Kind when existing is null => GatewayApiRouter.Render(target, weight),
                _ => null,
            };
            traffic = new DesiredTraffic(target, weight, route);
        }

        return new DesiredChildren
        {
            Deployments = deployments,
            Services = services,
            ActiveRevision = blueGreen ? plan.Services?.Primary : null,
            ShadowConfig = ShadowConfigRenderer.Render(owner, plan.Shadow),
            ShadowOn = plan.Shadow is not null,
            Autoscaled = autoscaling is not null,
            Autoscaler = autoscaling is not null && plan.Status.StableRevision is { } onStable
                ? AutoscalerRenderer.Render(owner, onStable, autoscaling, context.AutoscalingVersion)
                : null,
            Traffic = traffic,
        };
    }

    /// <summary>
    /// The revision Services of <paramref name="targets"/>. Each ClusterIP Service costs an allocation in the API server
    /// (serial: in v1.20 each one rewrites the range's bitmap, 128 KiB for a /12) and rules in every node's kube-proxy,
    /// so a Service nothing needs yet is not created:
    /// <list type="bullet">
    /// <item>blue-green: <c>-active</c> always (it is the entry point); <c>-preview</c> once a preview revision first runs;</item>
    /// <item>canary with a Gateway API route: <c>-stable</c> and <c>-canary</c> always (the route's backends);</item>
    /// <item>canary with replica-ratio routing: the root Service is the entry point (rendered by the router), so
    /// <c>-stable</c> and <c>-canary</c> come once a canary revision first runs (analysis, shadow traffic and people
    /// reach a revision through them).</item>
    /// </list>
    /// A revision Service the cache already holds is always rendered, so it keeps following its revision.
    /// </summary>
    private static V1Service[] RevisionServices(ModelDeployment owner, ServiceTargets targets, bool blueGreen, RenderContext context)
    {
        var name = owner.Metadata.Name!;
        var primary = WorkloadNames.PrimaryService(name, blueGreen);
        var secondary = WorkloadNames.SecondaryService(name, blueGreen);
        var twoRevisions = targets.Primary != targets.Secondary;
        bool Exists(string service) => context.ExistingServices?.Contains(service) == true;

        var result = new List<V1Service>(2);
        if (context.Router != ReplicaRatioRouter.Kind || twoRevisions || Exists(primary))
        {
            result.Add(ServiceRenderer.Render(owner, primary, blueGreen ? "active" : "stable", targets.Primary));
        }

        if (context.Router == GatewayApiRouter.Kind || twoRevisions || Exists(secondary))
        {
            result.Add(ServiceRenderer.Render(owner, secondary, blueGreen ? "preview" : "canary", targets.Secondary));
        }

        return [.. result];
    }

    /// <summary>
    /// The existing HTTPRoute whose weights alone are set (<see cref="TrafficTarget.Route"/>): <paramref name="weightsOnlyRoute"/>
    /// while the spec is invalid, else the user's route the spec names; null when the operator renders its own.
    /// </summary>
    public static string? ExistingRoute(ModelDeploymentSpec spec, string? weightsOnlyRoute) =>
        weightsOnlyRoute ?? (spec.TrafficRouting?.GatewayApi?.HttpRoute is { Length: > 0 } named ? named : null);

    /// <summary>The Services and revisions a router splits between for <paramref name="owner"/>.</summary>
    public static TrafficTarget Target(ModelDeployment owner, string stable, string canary, bool blueGreen) => new(
        owner,
        WorkloadNames.PrimaryService(owner.Metadata.Name!, blueGreen),
        WorkloadNames.SecondaryService(owner.Metadata.Name!, blueGreen),
        stable,
        canary);
}
