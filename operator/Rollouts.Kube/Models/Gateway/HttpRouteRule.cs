using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>HTTPRouteRule: request matches and weighted backends.</summary>
public sealed record HttpRouteRule
{
    /// <summary>Request matches (any may match); null matches every request.</summary>
    public List<HttpRouteMatch>? Matches { get; set; }

    /// <summary>Weighted backends.</summary>
    public List<HttpBackendRef>? BackendRefs { get; set; }

    /// <summary>Fields not modelled here (filters, timeouts), kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
