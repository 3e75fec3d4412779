using System.Text.Json.Serialization;

namespace Rollouts.Api.Strategy;

/// <summary>One canary step: exactly one of <see cref="SetWeight"/>, <see cref="Pause"/>, <see cref="Analysis"/>, <see cref="Shadow"/> or <see cref="SetHeaderRoute"/>.</summary>
public sealed record CanaryStep
{
    /// <summary>Percentage of traffic to the canary (0–100).</summary>
    [JsonPropertyName("setWeight")] public int? SetWeight { get; init; }

    /// <summary>Wait for a duration, or for a promote when the duration is absent.</summary>
    [JsonPropertyName("pause")] public PauseStep? Pause { get; init; }

    /// <summary>Run an analysis (spec.analysis) against the canary until it succeeds or fails.</summary>
    [JsonPropertyName("analysis")] public AnalysisStep? Analysis { get; init; }

    /// <summary>Shadow the stable's requests to the canary (weight 0) until the next setWeight.</summary>
    [JsonPropertyName("shadow")] public ShadowStep? Shadow { get; init; }

    /// <summary>Route a header-matched cohort to the canary (Gateway API, operator-owned route only).</summary>
    [JsonPropertyName("setHeaderRoute")] public HeaderRouteStep? SetHeaderRoute { get; init; }
}
