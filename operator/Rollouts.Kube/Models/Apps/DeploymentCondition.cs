using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>apps/v1 DeploymentCondition.</summary>
public sealed class DeploymentCondition
{
    /// <summary>Available, Progressing or ReplicaFailure.</summary>
    public string Type { get; set; } = "";

    /// <summary>True, False or Unknown.</summary>
    public string Status { get; set; } = ConditionStatus.Unknown;

    /// <summary>Reason, e.g. <c>NewReplicaSetAvailable</c>, <c>ProgressDeadlineExceeded</c>.</summary>
    public string? Reason { get; set; }

    /// <summary>Human-readable detail.</summary>
    public string? Message { get; set; }

    /// <summary>Last update time.</summary>
    public DateTimeOffset? LastUpdateTime { get; set; }

    /// <summary>Last transition time.</summary>
    public DateTimeOffset? LastTransitionTime { get; set; }
}
