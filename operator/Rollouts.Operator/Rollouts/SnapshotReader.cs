using k8s.Models;
using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Host;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Traffic;
using Rollouts.Operator.Workloads;

namespace Rollouts.Operator.Rollouts;

/// <summary>What a pass starts from: the snapshot for the planner, what children are rendered from, and the router.</summary>
/// <param name="Snapshot">Spec, status, validation, the revisions and the traffic observed.</param>
/// <param name="Render">The owner and the cluster's facts the children are rendered from.</param>
/// <param name="Router">The router that splits this ModelDeployment's traffic, or null (blue-green without a route).</param>
public sealed record PassInput(RolloutSnapshot Snapshot, RenderContext Render, ITrafficRouter? Router);

/// <summary>
/// Reads what one pass over a ModelDeployment starts from, from the informer caches (<see cref="ChildCache"/>): its
/// revision Deployments, the active Service, and the router's weight — confirmed live only when the cache disagrees
/// with the weight status says was verified. The router is the spec's, except while the spec is invalid and the
/// operator's own HTTPRoute exists: a rollout in flight split on that route, so that is where traffic goes back.
/// </summary>
/// <param name="informers">The shared informers (Deployments and Services by the managed-by selector).</param>
/// <param name="client">The API client (the routers' live reads and writes, the HPA version's discovery).</param>
/// <param name="children">The child caches.</param>
/// <param name="settings">The operator's settings (serving image, allowed model URIs, watch scope).</param>
public sealed class SnapshotReader(SharedInformers informers, IKubeClient client, ChildCache children, ReconcilerSettings settings)
{
    private readonly GatewayApiRouter gatewayRouter = new(client);
    private readonly ReplicaRatioRouter ratioRouter = new(client);
    private readonly AutoscalingVersion autoscaling = new();

    /// <summary>The pass input of <paramref name="mdep"/> (a private copy, its spec set), with <paramref name="action"/> the action to apply.</summary>
    /// <exception cref="KubeApiException">A live read the caches fall back to, or the HPA version's discovery, failed.</exception>
    public async Task<PassInput> ReadAsync(ModelDeployment mdep, string? action, CancellationToken ct)
    {
        var spec = mdep.Spec!;
        var ns = mdep.Metadata.NamespaceProperty ?? "";
        var errors = SpecValidator.Validate(spec, settings.ServingImage, settings.AllowedModelUriPrefixes);
        var image = RevisionHasher.EffectiveImage(spec, settings.ServingImage);
        var blueGreen = spec.Strategy?.BlueGreen is not null;
        var status = mdep.Status ?? new ModelDeploymentStatus();

        var inForce = errors.Count > 0 ? await OwnedRouteAsync(mdep, ct).ConfigureAwait(false) : null;
        var router = inForce is not null ? gatewayRouter : RouterFor(spec);
        if (router == gatewayRouter)
        {
            children.WatchRoutes(ns);
        }

        var snapshot = new RolloutSnapshot
        {
            Namespace = ns,
            Name = mdep.Metadata.Name ?? "",
            Generation = mdep.Metadata.Generation ?? 0,
            Spec = spec,
            Status = status,
            DesiredRevision = errors.Count == 0 ? RevisionHasher.Compute(spec, image) : "",
            Revisions = ObserveRevisions(mdep),
            Traffic = await ObserveTrafficAsync(mdep, status, router, ChildrenRenderer.ExistingRoute(spec, inForce), blueGreen, ct).ConfigureAwait(false),
            ActionAnnotation = action,
            SpecErrors = errors,
        };
        var render = new RenderContext(mdep, image, await autoscaling.GetAsync(client, ct).ConfigureAwait(false), router?.Name, inForce, ExistingServices(mdep, blueGreen));
        return new PassInput(snapshot, render, router);
    }

    private ITrafficRouter? RouterFor(ModelDeploymentSpec spec) =>
        spec.TrafficRouting?.GatewayApi is not null ? gatewayRouter
        : spec.Strategy?.Canary is not null ? ratioRouter
        : null;

    /// <summary>The name of this ModelDeployment's own HTTPRoute when it exists (it owns it), else null.</summary>
    private async Task<string?> OwnedRouteAsync(ModelDeployment mdep, CancellationToken ct)
    {
        var name = WorkloadNames.HttpRoute(mdep.Metadata.Name!);
        try
        {
            var route = await children.GetRouteAsync(mdep.Metadata.NamespaceProperty ?? "", name, ct).ConfigureAwait(false);
            return route is not null && Ownership.IsControlledBy(route, mdep.Metadata.Uid) ? name : null;
        }
        catch (KubeApiException e) when (e.Reason == StatusReason.NotFound)
        {
            return null; // no HTTPRoute CRD: nothing routes through the Gateway API
        }
    }

    /// <summary>Which of <paramref name="mdep"/>'s two revision Services the cache holds, controlled by it (looked up by name).</summary>
    private HashSet<string> ExistingServices(ModelDeployment mdep, bool blueGreen)
    {
        var ns = mdep.Metadata.NamespaceProperty ?? "";
        var name = mdep.Metadata.Name!;
        var result = new HashSet<string>(2, StringComparer.Ordinal);
        foreach (var service in new[] { WorkloadNames.PrimaryService(name, blueGreen), WorkloadNames.SecondaryService(name, blueGreen) })
        {
            if (children.Get<V1Service>(ns, service) is { } svc && Ownership.IsControlledBy(svc, mdep.Metadata.Uid))
            {
                result.Add(service);
            }
        }

        return result;
    }

    private Dictionary<string, RevisionObservation> ObserveRevisions(ModelDeployment mdep)
    {
        var result = new Dictionary<string, RevisionObservation>();
        var ns = mdep.Metadata.NamespaceProperty;
        foreach (var d in informers.Get<V1Deployment>(children.Scope(ns), RolloutControllers.ManagedSelector).List(ns))
        {
            if (!Ownership.IsControlledBy(d, mdep.Metadata.Uid) || d.Metadata.Labels.ValueOrDefault(ModelDeploymentAnnotations.RevisionLabel) is not { } rev)
            {
                continue;
            }

            result[rev] = new RevisionObservation(
                rev,
                d.Metadata.Labels.ValueOrDefault(ModelDeploymentAnnotations.ModelVersionLabel) ?? "",
                d.Spec?.Replicas ?? 1,
                d.Status?.AvailableReplicas ?? 0);
        }

        return result;
    }

    private async Task<ObservedTraffic> ObserveTrafficAsync(ModelDeployment mdep, ModelDeploymentStatus status, ITrafficRouter? router, string? route, bool blueGreen, CancellationToken ct)
    {
        string? active = null;
        if (blueGreen)
        {
            var svc = children.Get<V1Service>(mdep.Metadata.NamespaceProperty ?? "", WorkloadNames.PrimaryService(mdep.Metadata.Name!, true));
            active = svc?.Spec?.Selector.ValueOrDefault(ModelDeploymentAnnotations.RevisionLabel);
        }

        int? weight = null;
        if (router is not null && status.StableRevision is { } stable)
        {
            try
            {
                // From the cache; confirmed live only when it differs from the weight status says was verified (the
                // cache may not show our last route write yet, and a stale 0 would report an abort rolled back too early).
                var target = ChildrenRenderer.Target(mdep, stable, status.CanaryRevision ?? stable, blueGreen) with { Route = route };
                weight = await router.ObserveWeightAsync(target, children, ct).ConfigureAwait(false);
                if (weight != status.CanaryWeight)
                {
                    weight = await router.GetWeightAsync(target, ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (ApplyFailures.IsRefusal(e))
            {
                weight = null; // unreadable (route or CRD missing, read refused): unknown, never 0; the write below reports why
            }
        }

        return new ObservedTraffic(weight, active);
    }
}
