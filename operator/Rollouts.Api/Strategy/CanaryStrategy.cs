using System.Text.Json.Serialization;

namespace Rollouts.Api.Strategy;

/// <summary>Canary strategy: steps run in order; after the last one the canary becomes stable (weight 100).</summary>
public sealed record CanaryStrategy
{
    /// <summary>The steps (at most 64).</summary>
    [JsonPropertyName("steps")] public List<CanaryStep> Steps { get; init; } = [];

    /// <summary>
    /// Seconds the old stable revision stays at full size after the canary is promoted (default 30, as Argo Rollouts),
    /// so routes and endpoints move to the new stable before the old pods go.
    /// </summary>
    [JsonPropertyName("scaleDownDelaySeconds")] public int? ScaleDownDelaySeconds { get; init; }
}
