using k8s;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary>One page of a list response (<c>{kind}List</c>) of any resource, typed by its item.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record KubeList<T> : IKubernetesObject<V1ListMeta>, IItems<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The list's apiVersion (<c>v1</c>, <c>apps/v1</c>, ...).</summary>
    public string ApiVersion { get; set; } = "";

    /// <summary>The list's kind, e.g. <c>DeploymentList</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The list metadata: resourceVersion (to start a watch from) and continue token.</summary>
    public V1ListMeta Metadata { get; set; } = new();

    /// <summary>The items of this page.</summary>
    public IList<T> Items { get; set; } = [];
}
