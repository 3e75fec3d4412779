using System.Text.Json.Serialization;

namespace Rollouts.Api.Serving;

/// <summary>
/// <c>spec.serving.autoscaling</c>: a HorizontalPodAutoscaler on the stable revision's Deployment. While it is set
/// the HPA owns the stable's replicas (<c>spec.serving.replicas</c> is then only the size a new stable starts with)
/// and a canary is sized from the stable's current replicas.
/// </summary>
public sealed record AutoscalingSpec
{
    /// <summary>Fewest replicas (1–1000, default 1).</summary>
    [JsonPropertyName("minReplicas")] public int MinReplicas { get; init; } = 1;

    /// <summary>Most replicas (1–1000, at least <see cref="MinReplicas"/>).</summary>
    [JsonPropertyName("maxReplicas")] public int MaxReplicas { get; init; }

    /// <summary>Average CPU use the HPA aims at, percent of the pods' CPU request (1–100, default 80).</summary>
    [JsonPropertyName("targetCPUUtilizationPercentage")] public int TargetCpuUtilizationPercentage { get; init; } = 80;
}
