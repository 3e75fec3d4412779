using System.Text.Json.Serialization;

namespace Rollouts.Api.Traffic;

/// <summary>A Gateway the HTTPRoute attaches to.</summary>
public sealed record ParentReference
{
    /// <summary>Gateway name.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>Gateway namespace (default: the route's).</summary>
    [JsonPropertyName("namespace")] public string? Namespace { get; init; }

    /// <summary>Listener name on the Gateway.</summary>
    [JsonPropertyName("sectionName")] public string? SectionName { get; init; }
}
