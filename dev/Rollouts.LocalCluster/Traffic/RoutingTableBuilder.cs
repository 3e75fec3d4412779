using k8s.Models;
using Rollouts.Kube;

namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// Builds a <see cref="RoutingTable"/> from cluster objects, as the data plane would: the HTTPRoute's backendRefs
/// (weights, default 1) when a route is given — the first rule without header matches is the weighted split, rules
/// with header matches become <see cref="HeaderRule"/>s in order — else the one Service; each Service resolved to the Running, Ready,
/// non-terminating pods of its namespace whose labels match its selector (what kube-proxy does from Endpoints, which
/// the API server refuses for loopback pod IPs).
/// </summary>
public static class RoutingTableBuilder
{
    /// <summary>The table for <paramref name="route"/> (or, when null, for <paramref name="rootService"/>).</summary>
    /// <param name="route">The model's HTTPRoute, or null for replica-ratio routing.</param>
    /// <param name="rootService">Service name used when there is no route.</param>
    /// <param name="services">Services of the namespace.</param>
    /// <param name="pods">Pods of the namespace.</param>
    /// <param name="port">Pod port requests go to (the container port, e.g. 8080).</param>
    public static RoutingTable Build(HttpRoute? route, string rootService, IReadOnlyList<V1Service> services, IReadOnlyList<V1Pod> pods, int port)
    {
        if (route is not null)
        {
            var rules = route.Spec?.Rules ?? [];
            List<Backend> Backends(HttpRouteRule? rule) => [.. (rule?.BackendRefs ?? [])
                .Where(r => string.IsNullOrEmpty(r.Kind) || r.Kind == "Service")
                .Select(r => new Backend(r.Name, r.Weight ?? 1, Resolve(services.FirstOrDefault(s => s.Metadata.Name == r.Name), pods, port)))];
            static bool HasHeaders(HttpRouteRule rule) => rule.Matches?.Any(m => m.Headers is { Count: > 0 }) == true;
            var headerRules = rules.Where(HasHeaders)
                .Select(r => new HeaderRule([.. r.Matches!.Select(m => (IReadOnlyList<HttpHeaderMatch>)(m.Headers ?? []))], Backends(r)))
                .ToList();
            return new RoutingTable(Backends(rules.FirstOrDefault(r => !HasHeaders(r))), $"HTTPRoute {route.Metadata.NamespaceProperty}/{route.Metadata.Name}", headerRules);
        }

        var service = services.FirstOrDefault(s => s.Metadata.Name == rootService);
        return service is null
            ? RoutingTable.Empty
            : new RoutingTable([new Backend(rootService, 1, Resolve(service, pods, port))], $"Service {service.Metadata.NamespaceProperty}/{rootService}");
    }

    /// <summary>Ready endpoints of <paramref name="service"/> (none when the Service is missing or has no selector).</summary>
    public static IReadOnlyList<Endpoint> Resolve(V1Service? service, IReadOnlyList<V1Pod> pods, int port)
    {
        var selector = service?.Spec?.Selector;
        if (selector is null || selector.Count == 0)
        {
            return [];
        }

        return pods
            .Where(p => p.Metadata.DeletionTimestamp is null && Matches(selector, p.Metadata.Labels) && IsReady(p))
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .Select(p => new Endpoint(
                p.Metadata.Name ?? "",
                p.Metadata.Labels.ValueOrDefault("ml.rollouts.dev/model-version") ?? "",
                new Uri($"http://{p.Status!.PodIP}:{port}")))
            .ToList();
    }

    /// <summary>True when every selector pair is among <paramref name="labels"/>.</summary>
    public static bool Matches(IDictionary<string, string> selector, IDictionary<string, string>? labels) =>
        labels is not null && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>True for a Running pod with a pod IP and a Ready=True condition.</summary>
    public static bool IsReady(V1Pod pod) =>
        pod.Status is { Phase: "Running", PodIP.Length: > 0 } status
        && status.Conditions?.Any(c => c.Type == "Ready" && c.Status == ConditionStatus.True) == true;
}
