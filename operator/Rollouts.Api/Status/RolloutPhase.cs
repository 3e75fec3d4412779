using System.Text.Json.Serialization;

namespace Rollouts.Api.Status;

/// <summary><c>status.phase</c> of a ModelDeployment.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutPhase>))]
public enum RolloutPhase
{
    /// <summary>Nothing observed yet, or the first revision is not available yet.</summary>
    Pending,

    /// <summary>A rollout is under way.</summary>
    Progressing,

    /// <summary>A rollout waits: an indefinite pause step, a manual pause, or an inconclusive analysis.</summary>
    Paused,

    /// <summary>The stable revision serves all traffic and is available.</summary>
    Healthy,

    /// <summary>The last rollout was aborted and rolled back, or the spec is invalid, or the stable revision is unavailable.</summary>
    Degraded,
}
