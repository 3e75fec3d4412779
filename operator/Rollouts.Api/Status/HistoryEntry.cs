using System.Text.Json.Serialization;

namespace Rollouts.Api.Status;

/// <summary>One finished rollout in <c>status.history</c> (newest first, at most <see cref="ModelDeploymentStatus.HistoryLimit"/>).</summary>
public sealed record HistoryEntry
{
    /// <summary>Model version the rollout targeted.</summary>
    [JsonPropertyName("version")] public string Version { get; init; } = "";

    /// <summary>Revision hash it targeted.</summary>
    [JsonPropertyName("revision")] public string Revision { get; init; } = "";

    /// <summary>How it ended: <c>Completed</c>, <c>Aborted</c> or <c>Superseded</c>.</summary>
    [JsonPropertyName("result")] public string Result { get; init; } = "";

    /// <summary>When it ended (UTC).</summary>
    [JsonPropertyName("time")] public DateTimeOffset Time { get; init; }

    /// <summary>Why, in words.</summary>
    [JsonPropertyName("message")] public string? Message { get; init; }
}
