using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 PodCondition.</summary>
public sealed class PodCondition
{
    /// <summary>Condition type, e.g. <c>Ready</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>True, False or Unknown.</summary>
    public string Status { get; set; } = ConditionStatus.Unknown;

    /// <summary>Reason of the last transition.</summary>
    public string? Reason { get; set; }

    /// <summary>Human-readable detail.</summary>
    public string? Message { get; set; }

    /// <summary>Last probe time.</summary>
    public DateTimeOffset? LastProbeTime { get; set; }

    /// <summary>Last transition time.</summary>
    public DateTimeOffset? LastTransitionTime { get; set; }
}
