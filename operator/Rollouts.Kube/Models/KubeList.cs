using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>One page of a list response (<c>{kind}List</c>).</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class KubeList<T>
    where T : KubeObject
{
    /// <summary>The list metadata: resourceVersion (to start a watch from) and continue token.</summary>
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The items of this page.</summary>
    public List<T> Items { get; set; } = [];
}
