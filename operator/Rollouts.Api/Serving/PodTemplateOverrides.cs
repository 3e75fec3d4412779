using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Api.Serving;

/// <summary>
/// <c>spec.serving.podTemplate</c>: what users may add to the pods. Labels and annotations are merged under the
/// operator's own (the operator's keys win); tolerations and affinity are passed through as Kubernetes JSON.
/// </summary>
public sealed record PodTemplateOverrides
{
    /// <summary>Extra pod labels.</summary>
    [JsonPropertyName("labels")] public Dictionary<string, string>? Labels { get; init; }

    /// <summary>Extra pod annotations.</summary>
    [JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; init; }

    /// <summary>Node selector.</summary>
    [JsonPropertyName("nodeSelector")] public Dictionary<string, string>? NodeSelector { get; init; }

    /// <summary>Tolerations (core/v1 Toleration objects, passed through).</summary>
    [JsonPropertyName("tolerations")] public List<JsonElement>? Tolerations { get; init; }

    /// <summary>Affinity (core/v1 Affinity, passed through).</summary>
    [JsonPropertyName("affinity")] public JsonElement? Affinity { get; init; }

    /// <summary>Service account of the pods.</summary>
    [JsonPropertyName("serviceAccountName")] public string? ServiceAccountName { get; init; }

    /// <summary>Extra environment variables of the serving container.</summary>
    [JsonPropertyName("env")] public List<EnvVar>? Env { get; init; }
}
