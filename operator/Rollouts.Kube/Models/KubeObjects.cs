using k8s;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary>Helpers on any object with standard metadata.</summary>
public static class KubeObjects
{
    /// <summary>The namespace/name key of <paramref name="obj"/>.</summary>
    public static ObjectKey Key(this IKubernetesObject<V1ObjectMeta> obj) => new(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "");

    /// <summary>A deep copy made through KubernetesClient's JSON (informer caches hand out shared instances: copy before mutating).</summary>
    public static T Clone<T>(this T obj)
        where T : IKubernetesObject<V1ObjectMeta> =>
        KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));

    /// <summary>The <c>apiVersion</c> of <paramref name="obj"/>, falling back to its type's coordinates when unset.</summary>
    public static string ApiVersionOf<T>(this T obj)
        where T : IKubernetesObject<V1ObjectMeta> =>
        string.IsNullOrEmpty(obj.ApiVersion) ? KubeResource.Of<T>().ApiVersion : obj.ApiVersion;

    /// <summary>The <c>kind</c> of <paramref name="obj"/>, falling back to its type's coordinates when unset.</summary>
    public static string KindOf<T>(this T obj)
        where T : IKubernetesObject<V1ObjectMeta> =>
        string.IsNullOrEmpty(obj.Kind) ? KubeResource.Of<T>().Kind : obj.Kind;
}
