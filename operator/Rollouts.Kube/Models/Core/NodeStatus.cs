using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 NodeStatus.</summary>
public sealed class NodeStatus
{
    /// <summary>Node conditions (Ready, ...), as pod-style conditions.</summary>
    public List<PodCondition>? Conditions { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
