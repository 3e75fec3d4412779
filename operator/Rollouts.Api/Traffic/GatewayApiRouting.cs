using System.Text.Json.Serialization;

namespace Rollouts.Api.Traffic;

/// <summary>
/// Gateway API routing. Either the operator owns an HTTPRoute named after the ModelDeployment (from
/// <see cref="ParentRefs"/>, <see cref="Hostnames"/>, <see cref="PathPrefix"/>), or, with <see cref="HttpRoute"/>,
/// it sets only the weights of the stable and canary backendRefs of that existing route.
/// </summary>
public sealed record GatewayApiRouting
{
    /// <summary>Gateways the operator-owned route attaches to.</summary>
    [JsonPropertyName("parentRefs")] public List<ParentReference>? ParentRefs { get; init; }

    /// <summary>Hostnames of the operator-owned route.</summary>
    [JsonPropertyName("hostnames")] public List<string>? Hostnames { get; init; }

    /// <summary>Optional path prefix match of the operator-owned route (default: all paths).</summary>
    [JsonPropertyName("pathPrefix")] public string? PathPrefix { get; init; }

    /// <summary>Name of an existing HTTPRoute (same namespace) whose stable/canary backendRef weights the operator sets.</summary>
    [JsonPropertyName("httpRoute")] public string? HttpRoute { get; init; }
}
