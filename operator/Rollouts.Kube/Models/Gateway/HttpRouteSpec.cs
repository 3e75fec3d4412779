using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>HTTPRouteSpec: parents, host names and rules.</summary>
public sealed record HttpRouteSpec
{
    /// <summary>Gateways (or other parents) the route attaches to.</summary>
    public List<ParentReference>? ParentRefs { get; set; }

    /// <summary>Host names matched.</summary>
    public List<string>? Hostnames { get; set; }

    /// <summary>Routing rules (an atomic list in server-side apply).</summary>
    public List<HttpRouteRule>? Rules { get; set; }

    /// <summary>Fields not modelled here, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
