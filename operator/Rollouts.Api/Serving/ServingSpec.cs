using System.Text.Json.Serialization;

namespace Rollouts.Api.Serving;

/// <summary><c>spec.serving</c>: how each revision's pods run.</summary>
public sealed record ServingSpec
{
    /// <summary>Serving image; empty or absent means the operator's configured <c>--serving-image</c>.</summary>
    [JsonPropertyName("image")] public string? Image { get; init; }

    /// <summary>Replicas of the stable revision (0–1000, default 1).</summary>
    [JsonPropertyName("replicas")] public int Replicas { get; init; } = 1;

    /// <summary>Container resources (Kubernetes quantities as strings).</summary>
    [JsonPropertyName("resources")] public ResourceRequirements? Resources { get; init; }

    /// <summary>Dynamic batching of the server.</summary>
    [JsonPropertyName("batching")] public BatchingSpec? Batching { get; init; }

    /// <summary>Optional pod-level overrides.</summary>
    [JsonPropertyName("podTemplate")] public PodTemplateOverrides? PodTemplate { get; init; }
}
