using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Rollouts.Api;
using Rollouts.Kube;
using Rollouts.Operator.Host;
using Rollouts.Operator.Workloads;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// The informer caches the reconciler reads children from: Deployments, Services and ConfigMaps by the managed-by selector, and
/// HTTPRoutes (all of the scope: owned routes and the existing routes specs name). The HTTPRoute informer starts on
/// first use, not with the operator, so a cluster without the Gateway API CRD never blocks the operator's initial
/// sync; once started, its events enqueue the ModelDeployments that own or name a route on the queues attached by
/// <see cref="RolloutControllers.Build"/>. Until it has synced, a route is read live.
/// </summary>
public sealed class ChildCache(SharedInformers informers, ReconcilerSettings settings)
{
    private readonly ConcurrentDictionary<string, WorkQueue> queues = new();
    private readonly ConcurrentDictionary<string, Informer<HttpRoute>> routes = new();

    /// <summary>The informer scope of <paramref name="ns"/>: null when the operator watches all namespaces.</summary>
    public string? Scope(string? ns) => settings.WatchAllNamespaces ? null : ns;

    /// <summary>Sends HTTPRoute events of <paramref name="scope"/> (null: all namespaces) to <paramref name="queue"/>.</summary>
    public void Attach(string? scope, WorkQueue queue) => queues[scope ?? ""] = queue;

    /// <summary>Enqueues the ModelDeployment <paramref name="ns"/>/<paramref name="name"/> on its scope's queue (e.g. when an analysis round completed); nothing when none is attached.</summary>
    public void Wake(string ns, string name)
    {
        if (queues.TryGetValue(Scope(ns) ?? "", out var queue))
        {
            queue.Add(new ObjectKey(ns, name));
        }
    }

    /// <summary>The cached Deployment, Service or ConfigMap <paramref name="ns"/>/<paramref name="name"/> the operator manages; null when absent.</summary>
    public T? Get<T>(string ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        informers.Get<T>(Scope(ns), RolloutControllers.ManagedSelector).Get(ns, name);

    /// <summary>The HTTPRoute <paramref name="ns"/>/<paramref name="name"/>: from the cache once it has synced, else read live; null when absent.</summary>
    /// <exception cref="KubeApiException">The live read failed (e.g. the HTTPRoute CRD is not installed: NotFound).</exception>
    public async Task<HttpRoute?> GetRouteAsync(string ns, string name, CancellationToken ct)
    {
        var informer = WatchRoutes(ns);
        return informer.HasSynced
            ? informer.Get(ns, name)
            : await informers.Client.GetAsync<HttpRoute>(ns, name, ct).ConfigureAwait(false);
    }

    /// <summary>The cached child of any kind the operator applies (HTTPRoutes as <see cref="GetRouteAsync"/>).</summary>
    public async Task<IKubernetesObject<V1ObjectMeta>?> GetAsync(IKubernetesObject<V1ObjectMeta> desired, CancellationToken ct)
    {
        var ns = desired.Metadata.NamespaceProperty ?? "";
        var name = desired.Metadata.Name ?? "";
        return desired switch
        {
            V1Deployment => Get<V1Deployment>(ns, name),
            V1Service => Get<V1Service>(ns, name),
            V1ConfigMap => Get<V1ConfigMap>(ns, name),
            HttpRoute => await GetRouteAsync(ns, name, ct).ConfigureAwait(false),
            V2beta2HorizontalPodAutoscaler => await GetAutoscalerAsync<V2beta2HorizontalPodAutoscaler>(ns, name, ct).ConfigureAwait(false),
            V2HorizontalPodAutoscaler => await GetAutoscalerAsync<V2HorizontalPodAutoscaler>(ns, name, ct).ConfigureAwait(false),
            _ => throw new ArgumentException($"no cache for {desired.GetType().Name}", nameof(desired)),
        };
    }

    /// <summary>The HorizontalPodAutoscaler <paramref name="ns"/>/<paramref name="name"/> the operator manages (informer started on first use): from the cache once it has synced, else read live; null when absent.</summary>
    public async Task<T?> GetAutoscalerAsync<T>(string ns, string name, CancellationToken ct)
        where T : V2HorizontalPodAutoscaler
    {
        var informer = informers.Get<T>(Scope(ns), RolloutControllers.ManagedSelector);
        return informer.HasSynced ? informer.Get(ns, name) : await informers.Client.GetAsync<T>(ns, name, ct).ConfigureAwait(false);
    }

    /// <summary>The cached HorizontalPodAutoscaler of API <paramref name="version"/>, or null when absent or while its informer (started here) has not synced.</summary>
    public V2HorizontalPodAutoscaler? CachedAutoscaler(string ns, string name, string version)
    {
        return version == AutoscalingVersion.V2beta2 ? Synced(informers.Get<V2beta2HorizontalPodAutoscaler>(Scope(ns), RolloutControllers.ManagedSelector)) : Synced(informers.Get<V2HorizontalPodAutoscaler>(Scope(ns), RolloutControllers.ManagedSelector));

        V2HorizontalPodAutoscaler? Synced<T>(Informer<T> informer)
            where T : V2HorizontalPodAutoscaler => informer.HasSynced ? informer.Get(ns, name) : null;
    }

    /// <summary>Starts (once) the HTTPRoute informer of <paramref name="ns"/>'s scope and returns it.</summary>
    public Informer<HttpRoute> WatchRoutes(string? ns)
    {
        var scope = Scope(ns);
        return routes.GetOrAdd(scope ?? "", _ => RouteInformer(scope));
    }

    private Informer<HttpRoute> RouteInformer(string? scope)
    {
        var informer = informers.Get<HttpRoute>(scope);
        informer.AddHandler((_, route) =>
        {
            if (queues.TryGetValue(scope ?? "", out var queue))
            {
                foreach (var key in Owners(scope, route))
                {
                    queue.Add(key);
                }
            }
        });
        return informer;
    }

    /// <summary>The ModelDeployments a route concerns: its controller owner, and those whose spec names it as their existing route.</summary>
    private IEnumerable<ObjectKey> Owners(string? scope, HttpRoute route)
    {
        if (ControllerBuilder.OwnerKey(route, KubeResource.Of<ModelDeployment>()) is { } owner)
        {
            yield return owner;
        }

        var ns = route.Metadata.NamespaceProperty;
        foreach (var m in informers.Get<ModelDeployment>(scope).List(ns))
        {
            if (m.Spec?.TrafficRouting?.GatewayApi?.HttpRoute is { } named && named == route.Metadata.Name)
            {
                yield return new ObjectKey(ns, m.Metadata.Name);
            }
        }
    }
}
