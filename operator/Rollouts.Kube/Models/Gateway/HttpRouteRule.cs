using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>HTTPRouteRule.</summary>
public sealed class HttpRouteRule
{
    /// <summary>Request matches (any may match).</summary>
    public List<HttpRouteMatch>? Matches { get; set; }

    /// <summary>Weighted backends.</summary>
    public List<HttpBackendRef>? BackendRefs { get; set; }

    /// <summary>Unmodelled fields (filters, timeouts).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
