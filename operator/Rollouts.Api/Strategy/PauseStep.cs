using System.Text.Json.Serialization;

namespace Rollouts.Api.Strategy;

/// <summary>A pause: timed (<see cref="Duration"/>, e.g. <c>2m</c>) or indefinite (absent: waits for promote).</summary>
public sealed record PauseStep
{
    /// <summary>How long to wait, as a duration string (see <see cref="Api.Duration"/>); null: until promoted.</summary>
    [JsonPropertyName("duration")] public string? Duration { get; init; }
}
