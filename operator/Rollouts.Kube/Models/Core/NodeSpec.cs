using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 NodeSpec.</summary>
public sealed class NodeSpec
{
    /// <summary>Unschedulable nodes take no new pods.</summary>
    public bool? Unschedulable { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
