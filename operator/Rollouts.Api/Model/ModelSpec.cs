using System.Text.Json.Serialization;

namespace Rollouts.Api.Model;

/// <summary><c>spec.model</c>: which model the pods serve. Any change starts a rollout.</summary>
public sealed record ModelSpec
{
    /// <summary>Model name (label <c>app.kubernetes.io/name</c>, metric label <c>model_name</c>). Required, DNS-label-like.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>Model version (label <c>ml.rollouts.dev/model-version</c>, metric label <c>model_version</c>). Required.</summary>
    [JsonPropertyName("version")] public string Version { get; init; } = "";

    /// <summary>Where the server fetches the ONNX file (http(s) or file URI). Required.</summary>
    [JsonPropertyName("uri")] public string Uri { get; init; } = "";

    /// <summary>Optional lowercase hex SHA-256 of the ONNX file; the server refuses a mismatch.</summary>
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }

    /// <summary>Optional URI of the drift baseline JSON (seams §4).</summary>
    [JsonPropertyName("baselineUri")] public string? BaselineUri { get; init; }
}
