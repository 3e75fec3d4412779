using k8s;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary>
/// What an <see cref="Informer{T}"/> keeps of each object before it enters the cache (client-go's SetTransform), per
/// type. Every cached object keeps <c>apiVersion</c> and <c>kind</c> (filled in from the type when a list response
/// left them out) and never keeps <c>metadata.managedFields</c> or kubectl's
/// <c>kubectl.kubernetes.io/last-applied-configuration</c> annotation (each can be larger than the rest of the object).
/// <list type="bullet">
/// <item><see cref="V1Deployment"/> (the operator's children): metadata as <see cref="CompactMetadata"/>;
/// <c>spec.replicas</c>, <c>spec.selector</c> and the whole <c>status</c>; the pod template and every other spec
/// field are dropped.</item>
/// <item><see cref="V1Service"/>: metadata as <see cref="CompactMetadata"/>; <c>spec.selector</c> and <c>spec.ports</c>;
/// cluster IPs, type and status are dropped.</item>
/// <item><see cref="HttpRoute"/>: metadata as <see cref="CompactMetadata"/>; <c>spec</c> and <c>status</c> whole.</item>
/// <item>Every other type (ModelDeployments, Leases, …): the whole object, less the two fields above.</item>
/// </list>
/// Whoever decides "unchanged" from the cache does so from labels, annotations (the operator's
/// <c>ml.rollouts.dev/applied-hash</c>) and the kept fields; a cached child is not a full object and must never be
/// written back as one.
/// </summary>
public static class CacheTransform
{
    /// <summary>The annotation <c>kubectl apply</c> (client-side) writes: the whole last applied manifest.</summary>
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>The transform of <typeparamref name="T"/> (see the class summary). The functions may reuse parts of
    /// their argument (lists and maps of it), so hand them objects nothing else holds, such as freshly decoded ones.</summary>
    public static Func<T, T> For<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> => PerType<T>.Transform;

    /// <summary>
    /// The metadata every compact entry keeps: name, namespace, uid, resourceVersion, generation, labels, annotations
    /// (less <see cref="LastAppliedAnnotation"/>), ownerReferences and deletionTimestamp. The namespace and the keys of
    /// labels and annotations are interned: a few distinct strings repeated across thousands of objects.
    /// </summary>
    /// <param name="meta">Metadata as decoded; null gives empty metadata.</param>
    public static V1ObjectMeta CompactMetadata(V1ObjectMeta? meta) => meta is null ? new V1ObjectMeta() : new V1ObjectMeta
    {
        Name = meta.Name,
        NamespaceProperty = meta.NamespaceProperty is { } ns ? string.Intern(ns) : null,
        Uid = meta.Uid,
        ResourceVersion = meta.ResourceVersion,
        Generation = meta.Generation,
        Labels = CompactMap(meta.Labels),
        Annotations = CompactMap(meta.Annotations),
        OwnerReferences = meta.OwnerReferences,
        DeletionTimestamp = meta.DeletionTimestamp,
    };

    private static V1Deployment Deployment(V1Deployment d) => new()
    {
        ApiVersion = d.ApiVersionOf(),
        Kind = d.KindOf(),
        Metadata = CompactMetadata(d.Metadata),
        Spec = d.Spec is { } spec ? new V1DeploymentSpec { Replicas = spec.Replicas, Selector = spec.Selector } : null,
        Status = d.Status,
    };

    private static V1Service Service(V1Service s) => new()
    {
        ApiVersion = s.ApiVersionOf(),
        Kind = s.KindOf(),
        Metadata = CompactMetadata(s.Metadata),
        Spec = s.Spec is { } spec ? new V1ServiceSpec { Selector = CompactMap(spec.Selector), Ports = spec.Ports } : null,
    };

    private static HttpRoute Route(HttpRoute r) => r with
    {
        ApiVersion = r.ApiVersionOf(),
        Kind = r.KindOf(),
        Metadata = CompactMetadata(r.Metadata),
    };

    private static T Whole<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        obj.ApiVersion = obj.ApiVersionOf();
        obj.Kind = obj.KindOf();
        if (obj.Metadata is { } meta)
        {
            meta.ManagedFields = null;
            if (meta.Annotations is { } a && a.ContainsKey(LastAppliedAnnotation))
            {
                meta.Annotations = CompactMap(a);
            }
        }

        return obj;
    }

    // A right-sized copy with interned keys, without kubectl's last-applied annotation; null when nothing is left.
    private static Dictionary<string, string>? CompactMap(IDictionary<string, string>? map)
    {
        if (map is null)
        {
            return null;
        }

        var copy = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            if (key != LastAppliedAnnotation)
            {
                copy[string.Intern(key)] = value;
            }
        }

        if (copy.Count == 0)
        {
            return null;
        }

        copy.TrimExcess();
        return copy;
    }

    private static class PerType<T>
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        public static readonly Func<T, T> Transform = Pick();

        private static Func<T, T> Pick() => typeof(T) switch
        {
            var t when t == typeof(V1Deployment) => (Func<T, T>)(object)(Func<V1Deployment, V1Deployment>)Deployment,
            var t when t == typeof(V1Service) => (Func<T, T>)(object)(Func<V1Service, V1Service>)Service,
            var t when t == typeof(HttpRoute) => (Func<T, T>)(object)(Func<HttpRoute, HttpRoute>)Route,
            _ => Whole,
        };
    }
}
