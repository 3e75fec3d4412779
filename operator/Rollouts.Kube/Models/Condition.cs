namespace Rollouts.Kube;

/// <summary>A meta/v1 Condition: one aspect of an object's observed state.</summary>
public sealed record Condition
{
    /// <summary>Condition type in CamelCase, e.g. <c>Available</c>, <c>Progressing</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c> (see <see cref="ConditionStatus"/>).</summary>
    public string Status { get; set; } = ConditionStatus.Unknown;

    /// <summary>Machine-readable CamelCase reason for the last transition.</summary>
    public string? Reason { get; set; }

    /// <summary>Human-readable detail.</summary>
    public string? Message { get; set; }

    /// <summary>When <see cref="Status"/> last changed (RFC 3339, UTC).</summary>
    public DateTimeOffset? LastTransitionTime { get; set; }

    /// <summary>The metadata.generation the condition was computed from.</summary>
    public long? ObservedGeneration { get; set; }
}
