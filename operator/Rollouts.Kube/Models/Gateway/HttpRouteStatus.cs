using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>HTTPRoute status (the parents' acceptance), kept raw: the operator only reads weights from the spec.</summary>
public sealed record HttpRouteStatus
{
    /// <summary>Every status field, verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
