using System.Text.Json.Serialization;

namespace Rollouts.Api.Strategy;

/// <summary>Canary strategy: steps run in order; after the last one the canary becomes stable (weight 100).</summary>
public sealed record CanaryStrategy
{
    /// <summary>The steps (at most 64).</summary>
    [JsonPropertyName("steps")] public List<CanaryStep> Steps { get; init; } = [];
}
