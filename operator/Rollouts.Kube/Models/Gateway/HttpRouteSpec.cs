using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>HTTPRouteSpec.</summary>
public sealed class HttpRouteSpec
{
    /// <summary>Gateways (or other parents) the route attaches to.</summary>
    public List<ParentReference>? ParentRefs { get; set; }

    /// <summary>Host names matched.</summary>
    public List<string>? Hostnames { get; set; }

    /// <summary>Routing rules.</summary>
    public List<HttpRouteRule>? Rules { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
