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

    /// <summary>Also serve the gRPC Open Inference Protocol (h2c, container and Service port <c>grpc</c>, 9000).</summary>
    [JsonPropertyName("grpc")] public bool? Grpc { get; init; }

    /// <summary>Authentication of inference requests (API keys, JWTs); absent: open.</summary>
    [JsonPropertyName("auth")] public AuthSpec? Auth { get; init; }

    /// <summary>Credentials, region and endpoint for <c>s3://</c> model and baseline URIs.</summary>
    [JsonPropertyName("s3")] public S3Spec? S3 { get; init; }

    /// <summary>A HorizontalPodAutoscaler on the stable revision; absent: fixed <see cref="Replicas"/>.</summary>
    [JsonPropertyName("autoscaling")] public AutoscalingSpec? Autoscaling { get; init; }
}
