using System.Text.Json.Serialization;

namespace Rollouts.Api.Serving;

/// <summary>Container requests and limits, resource name → quantity string (<c>cpu: 500m</c>, <c>memory: 256Mi</c>).</summary>
public sealed record ResourceRequirements
{
    /// <summary>Requested resources.</summary>
    [JsonPropertyName("requests")] public Dictionary<string, string>? Requests { get; init; }

    /// <summary>Resource limits.</summary>
    [JsonPropertyName("limits")] public Dictionary<string, string>? Limits { get; init; }
}
