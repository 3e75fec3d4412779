using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 EnvVar (valueFrom kept raw in <see cref="Extra"/>).</summary>
public sealed class EnvVar
{
    /// <summary>Variable name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Literal value.</summary>
    public string? Value { get; set; }

    /// <summary>Unmodelled fields (valueFrom).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
