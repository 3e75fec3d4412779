using k8s.Models;
using Rollouts.Api;
using Rollouts.Kube;
using Rollouts.Operator.Workloads;
using GwParentRef = Rollouts.Kube.ParentReference;

namespace Rollouts.Operator.Traffic;

/// <summary>
/// Gateway API (gateway.networking.k8s.io/v1 HTTPRoute) traffic splitting.
/// Owned mode (<c>parentRefs</c>): the operator server-side-applies an HTTPRoute named after the ModelDeployment
/// with one rule (optional path prefix match) whose backendRefs are the stable and canary Services, weights
/// <c>100 − w</c> and <c>w</c>, preceded by a header-match rule to the canary Service while a setHeaderRoute step is in
/// force (the weight read back ignores rules with header matches). Existing mode (<c>httpRoute: name</c>): the operator reads the user's route, changes
/// only the <c>weight</c> of the backendRefs naming the stable and canary Services, and applies the rules back under
/// its field manager (HTTPRoute <c>rules</c> is an atomic list, so the operator co-owns it; see docs/api.md).
/// </summary>
public sealed class GatewayApiRouter(IKubeClient client) : ITrafficRouter
{
    /// <inheritdoc />
    public string Name => Kind;

    /// <summary>The router's <see cref="Name"/>.</summary>
    public const string Kind = "gateway-api";

    /// <inheritdoc />
    public async Task<WeightWrite> SetWeightAsync(DesiredTraffic traffic, Rollouts.ChildApplier apply, bool force, CancellationToken ct)
    {
        var (target, canaryWeight) = (traffic.Target, traffic.CanaryWeight);
        if (target.Route is not { Length: > 0 } existing)
        {
            var owned = traffic.Rendered as HttpRoute ?? throw new InvalidOperationException("no HTTPRoute was rendered for Gateway API routing");
            return Written(await apply.ApplyAsync(owned, force, ct).ConfigureAwait(false), target);
        }

        // The user's route carries no applied hash (it is not ours), and ours under an invalid spec is not rendered
        // again: write only when a weight differs.
        var (route, changed) = await WithWeightsAsync(target, existing, canaryWeight, ct).ConfigureAwait(false);
        if (route is null)
        {
            throw new TrafficRoutingException($"HTTPRoute {target.Owner.Metadata.NamespaceProperty}/{existing} does not exist or has no backendRef named {target.StableService} or {target.CanaryService}");
        }

        if (!changed && !force)
        {
            return WeightWrite.None;
        }

        return Written(await client.ApplyAsync(route, ct).ConfigureAwait(false), target);
    }

    /// <inheritdoc />
    public async Task<int?> GetWeightAsync(TrafficTarget target, CancellationToken ct)
    {
        var route = await client.GetAsync<HttpRoute>(target.Owner.Metadata.NamespaceProperty, RouteName(target), ct).ConfigureAwait(false);
        return route is null ? null : ReadWeight(route, target.StableService, target.CanaryService);
    }

    /// <inheritdoc />
    /// <remarks>The HTTPRoute cache holds every route of the scope (the owned one and a user's existing one); until it
    /// has synced the route is read live, as <see cref="GetWeightAsync"/> does.</remarks>
    public async Task<int?> ObserveWeightAsync(TrafficTarget target, Rollouts.ChildCache cache, CancellationToken ct)
    {
        var route = await cache.GetRouteAsync(target.Owner.Metadata.NamespaceProperty ?? "", RouteName(target), ct).ConfigureAwait(false);
        return route is null ? null : ReadWeight(route, target.StableService, target.CanaryService);
    }

    /// <summary>The canary percentage of a route: canary / (stable + canary) over the backendRefs naming them; null when neither is present.</summary>
    public static int? ReadWeight(HttpRoute route, string stableService, string canaryService)
    {
        long stable = 0, canary = 0;
        var found = false;
        // A cohort rule (setHeaderRoute: header matches, the canary alone) sends a cohort, not a share: the weight is
        // the other rules'. A user's rule with header matches that splits between both Services still counts.
        foreach (var rule in (route.Spec?.Rules ?? []).Where(r => !IsCohortRule(r, canaryService)))
        {
            foreach (var b in rule.BackendRefs ?? [])
            {
                if (b.Name == stableService)
                {
                    stable += b.Weight ?? 1;
                    found = true;
                }
                else if (b.Name == canaryService)
                {
                    canary += b.Weight ?? 1;
                    found = true;
                }
            }
        }

        if (!found)
        {
            return null;
        }

        return stable + canary == 0 ? 0 : (int)Math.Round(100.0 * canary / (stable + canary), MidpointRounding.AwayFromZero);
    }

    /// <summary>True for a rule of the shape a setHeaderRoute step renders: header matches, and backendRefs naming only <paramref name="canaryService"/>.</summary>
    public static bool IsCohortRule(HttpRouteRule rule, string canaryService) =>
        rule.Matches?.Any(m => m.Headers is { Count: > 0 }) == true &&
        rule.BackendRefs is { Count: > 0 } refs && refs.All(b => b.Name == canaryService);

    /// <summary>The operator-owned route for <paramref name="canaryWeight"/> (pure).</summary>
    public static HttpRoute Render(TrafficTarget target, int canaryWeight)
    {
        var owner = target.Owner;
        var gw = owner.Spec!.TrafficRouting!.GatewayApi!;
        var rule = new HttpRouteRule
        {
            BackendRefs =
            [
                new HttpBackendRef { Kind = "Service", Name = target.StableService, Port = ServiceRenderer.Port, Weight = 100 - canaryWeight },
                new HttpBackendRef { Kind = "Service", Name = target.CanaryService, Port = ServiceRenderer.Port, Weight = canaryWeight },
            ],
        };
        var path = gw.PathPrefix is { Length: > 0 } prefix ? new HttpPathMatch { Type = "PathPrefix", Value = prefix } : null;
        if (path is not null)
        {
            rule.Matches = [new HttpRouteMatch { Path = path }];
        }

        List<HttpRouteRule> rules = [rule];
        if (target.Header is { Value: { } value } header)
        {
            // Before the weighted rule (Gateway API also ranks a match with more headers first): the cohort goes to the canary.
            rules.Insert(0, new HttpRouteRule
            {
                Matches = [new HttpRouteMatch { Path = path, Headers = [new HttpHeaderMatch { Type = header.Type ?? "Exact", Name = header.Name, Value = value }] }],
                BackendRefs = [new HttpBackendRef { Kind = "Service", Name = target.CanaryService, Port = ServiceRenderer.Port, Weight = 100 }],
            });
        }

        return new HttpRoute
        {
            Metadata = new V1ObjectMeta
            {
                Name = WorkloadNames.HttpRoute(owner.Metadata.Name!),
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/managed-by"] = PodLabels.ManagedBy,
                    [ModelDeploymentAnnotations.DeploymentLabel] = owner.Metadata.Name!,
                },
                OwnerReferences = [Ownership.ControllerRef(owner)],
            },
            Spec = new HttpRouteSpec
            {
                ParentRefs = gw.ParentRefs?.Select(p => new GwParentRef { Name = p.Name, Namespace = p.Namespace, SectionName = p.SectionName }).ToList(),
                Hostnames = gw.Hostnames is { Count: > 0 } h ? [.. h] : null,
                Rules = rules,
            },
        };
    }

    private static WeightWrite Written(HttpRoute? stored, TrafficTarget target) =>
        WeightWrite.Of(stored, route => ReadWeight(route, target.StableService, target.CanaryService));

    /// <summary>The route that carries the weight: the existing one named by the target, else the operator's own.</summary>
    private static string RouteName(TrafficTarget target) => target.Route ?? WorkloadNames.HttpRoute(target.Owner.Metadata.Name!);

    private async Task<(HttpRoute? Route, bool Changed)> WithWeightsAsync(TrafficTarget target, string name, int canaryWeight, CancellationToken ct)
    {
        var current = await client.GetAsync<HttpRoute>(target.Owner.Metadata.NamespaceProperty, name, ct).ConfigureAwait(false);
        if (current?.Spec?.Rules is not { } rules || ReadWeight(current, target.StableService, target.CanaryService) is null)
        {
            return (null, false);
        }

        var changed = false;
        foreach (var b in rules.SelectMany(r => r.BackendRefs ?? []))
        {
            int? want = b.Name == target.StableService ? 100 - canaryWeight : b.Name == target.CanaryService ? canaryWeight : null;
            if (want is { } w && b.Weight != w)
            {
                b.Weight = w;
                changed = true;
            }
        }

        if (Ownership.IsControlledBy(current, target.Owner.Metadata.Uid))
        {
            // The operator's own route (while the spec is invalid): applied whole as it is, less the applied hash (its
            // content is no longer what was rendered), since this field manager owns every field and one left out
            // would be removed.
            return (new HttpRoute
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    NamespaceProperty = target.Owner.Metadata.NamespaceProperty,
                    Labels = current.Metadata.Labels,
                    OwnerReferences = current.Metadata.OwnerReferences,
                },
                Spec = current.Spec,
            }, changed);
        }

        // Apply only spec.rules (the atomic list holding the weights): parentRefs, hostnames and metadata stay the user's.
        return (new HttpRoute
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = target.Owner.Metadata.NamespaceProperty },
            Spec = new HttpRouteSpec { Rules = rules },
        }, changed);
    }
}
