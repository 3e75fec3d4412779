using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>CustomResourceDefinitionStatus.</summary>
public sealed class CustomResourceDefinitionStatus
{
    /// <summary>Conditions (Established, NamesAccepted).</summary>
    public List<Condition>? Conditions { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
