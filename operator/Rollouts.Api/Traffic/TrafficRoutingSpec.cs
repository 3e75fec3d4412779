using System.Text.Json.Serialization;

namespace Rollouts.Api.Traffic;

/// <summary><c>spec.trafficRouting</c>; absent means replica-ratio routing through one Service.</summary>
public sealed record TrafficRoutingSpec
{
    /// <summary>Route traffic with a Gateway API HTTPRoute (gateway.networking.k8s.io/v1).</summary>
    [JsonPropertyName("gatewayAPI")] public GatewayApiRouting? GatewayApi { get; init; }
}
