using Rollouts.Api.Status;

namespace Rollouts.Operator.Planning;

/// <summary>The planner's answer: the desired workloads and traffic, the new status, events and when to look again.</summary>
public sealed record RolloutPlan
{
    /// <summary>The status to write (once) at the end of the pass.</summary>
    public ModelDeploymentStatus Status { get; init; } = new();

    /// <summary>Revision Deployments to keep; owned Deployments not listed are deleted. Null: leave workloads as they are.</summary>
    public IReadOnlyList<DesiredRevision>? Revisions { get; init; }

    /// <summary>Service selectors; null: leave Services as they are.</summary>
    public ServiceTargets? Services { get; init; }

    /// <summary>Canary (blue-green: preview) weight to set on the router; null: leave traffic as it is.</summary>
    public int? CanaryWeight { get; init; }

    /// <summary>The shadow to turn on (the stable's pods copy requests to the canary); null: shadowing off.</summary>
    public ShadowPlan? Shadow { get; init; }

    /// <summary>The header rule to the canary on the operator-owned HTTPRoute; null: none.</summary>
    public global::Rollouts.Api.Strategy.HeaderRouteStep? HeaderRoute { get; init; }

    /// <summary>The rendered children of this plan (set by <see cref="Rollouts.RolloutPass"/>); null when <see cref="Revisions"/> is null.</summary>
    public Workloads.DesiredChildren? Children { get; init; }

    /// <summary>Events to record.</summary>
    public IReadOnlyList<RolloutEvent> Events { get; init; } = [];

    /// <summary>When to reconcile again (null: only on change).</summary>
    public TimeSpan? RequeueAfter { get; init; }

    /// <summary>True when the action annotation was read (applied or refused) and must be removed.</summary>
    public bool ConsumeAction { get; init; }

    /// <summary>A rollback completed in this plan (for metrics), or null.</summary>
    public RollbackRecord? Rollback { get; init; }
}
