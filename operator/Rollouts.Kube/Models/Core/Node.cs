using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 Node (spec and status kept raw: the operator only needs nodes to exist, e.g. for binding pods in tests).</summary>
public sealed class Node : KubeObject<NodeSpec, NodeStatus>, IKubeResource
{
    /// <inheritdoc />
    public static ResourceType Resource => ResourceType.Node;

    /// <summary>A node with apiVersion and kind set.</summary>
    public Node()
    {
        ApiVersion = "v1";
        Kind = "Node";
    }
}
