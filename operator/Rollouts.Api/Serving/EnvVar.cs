using System.Text.Json.Serialization;

namespace Rollouts.Api.Serving;

/// <summary>A plain environment variable (name and literal value).</summary>
public sealed record EnvVar
{
    /// <summary>Variable name.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>Literal value.</summary>
    [JsonPropertyName("value")] public string? Value { get; init; }
}
