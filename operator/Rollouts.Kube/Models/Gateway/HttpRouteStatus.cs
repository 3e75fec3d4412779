using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>HTTPRoute status (parents' acceptance, kept raw).</summary>
public sealed class HttpRouteStatus
{
    /// <summary>Unmodelled fields (parents).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
