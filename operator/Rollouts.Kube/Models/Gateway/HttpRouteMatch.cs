using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>HTTPRouteMatch: path and header matches.</summary>
public sealed record HttpRouteMatch
{
    /// <summary>Path match.</summary>
    public HttpPathMatch? Path { get; set; }

    /// <summary>Header matches.</summary>
    public List<HttpHeaderMatch>? Headers { get; set; }

    /// <summary>Fields not modelled here (queryParams, method), kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
