namespace Rollouts.Kube;

/// <summary>DELETE parameters.</summary>
public sealed record DeleteOptions
{
    /// <summary>How dependents are deleted; null uses the resource's default (Background for most).</summary>
    public PropagationPolicy? PropagationPolicy { get; init; }

    /// <summary>Grace period in seconds (0 = immediately).</summary>
    public long? GracePeriodSeconds { get; init; }

    /// <summary>Delete only if the UID matches (precondition; Conflict otherwise).</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Delete only if the resourceVersion matches (precondition; Conflict otherwise).</summary>
    public string? PreconditionResourceVersion { get; init; }
}
