using Rollouts.Kube;

namespace Rollouts.LocalCluster.Agent;

/// <summary>
/// core/v1 Binding (<c>POST /api/v1/namespaces/{ns}/bindings</c>): assigns the pod named by
/// <c>metadata.name</c> to the node named by <see cref="Target"/>, as the scheduler does.
/// </summary>
public sealed class Binding : KubeObject, IKubeResource
{
    /// <summary>The bindings resource (create only).</summary>
    public static ResourceType Resource { get; } = new("", "v1", "bindings", "Binding", true);

    /// <summary>A binding with apiVersion and kind set.</summary>
    public Binding()
    {
        ApiVersion = "v1";
        Kind = "Binding";
    }

    /// <summary>The node: <c>{kind: Node, name: ...}</c>.</summary>
    public BindingTarget Target { get; set; } = new();
}

/// <summary>The object reference a <see cref="Binding"/> targets.</summary>
public sealed class BindingTarget
{
    /// <summary>Always <c>Node</c>.</summary>
    public string Kind { get; set; } = "Node";

    /// <summary>API version of the target.</summary>
    public string ApiVersion { get; set; } = "v1";

    /// <summary>Node name.</summary>
    public string Name { get; set; } = "";
}
