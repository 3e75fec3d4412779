using System.Text.Json.Serialization;

namespace Rollouts.Api.Strategy;

/// <summary><c>spec.strategy</c>: exactly one of <see cref="Canary"/> or <see cref="BlueGreen"/>.</summary>
public sealed record StrategySpec
{
    /// <summary>Progressive traffic shifting in steps.</summary>
    [JsonPropertyName("canary")] public CanaryStrategy? Canary { get; init; }

    /// <summary>Preview then switch.</summary>
    [JsonPropertyName("blueGreen")] public BlueGreenStrategy? BlueGreen { get; init; }
}
