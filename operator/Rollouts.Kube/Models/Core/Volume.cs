using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 Volume (only the name is modelled; the source is kept in <see cref="Extra"/>).</summary>
public sealed class Volume
{
    /// <summary>Volume name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The volume source (emptyDir, configMap, ...).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
