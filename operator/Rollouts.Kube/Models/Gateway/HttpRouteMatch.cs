using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>HTTPRouteMatch.</summary>
public sealed class HttpRouteMatch
{
    /// <summary>Path match.</summary>
    public HttpPathMatch? Path { get; set; }

    /// <summary>Header matches.</summary>
    public List<HttpHeaderMatch>? Headers { get; set; }

    /// <summary>Unmodelled fields (queryParams, method).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
