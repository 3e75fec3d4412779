using Rollouts.Api.Status;

namespace Rollouts.Operator.Planning;

/// <summary>
/// A just-promoted stable revision (canary: the promoted canary; blue-green: the new active one) that falls short of
/// <c>replicas</c> while the revision it replaced is still kept at full size (<c>status.previousRevision</c>, until
/// <c>status.scaleDownAt</c>). The previous revision is the only one known to serve, so it is kept — past
/// <c>scaleDownAt</c> too — for as long as the new stable is short; the shortage is counted from
/// <c>status.canaryUnavailableSince</c> (so a restarted operator keeps counting). Once it has lasted
/// progressDeadlineSeconds the previous revision becomes stable again and the new one is aborted with
/// <see cref="RolloutReasons.CanaryUnavailable"/>: traffic goes back to it first (weight 0; the active Service switches
/// back). A shortage that begins after the previous revision was scaled down is the steady state's (Degraded), not this.
/// </summary>
internal static class LostStable
{
    /// <summary>True when the previous revision is kept while the new stable is short (<see cref="RolloutPlanner"/>'s steady state keeps it).</summary>
    public static bool Holding(ModelDeploymentStatus st) => st.CanaryUnavailableSince is not null && st.PreviousRevision is not null;

    /// <summary>
    /// Counts the new stable's shortage and rolls back once it lasted the deadline (see the class summary). True when it
    /// rolled back; false otherwise (the caller plans the steady state, which keeps the previous revision while
    /// <see cref="Holding"/>).
    /// </summary>
    public static bool RollBack(PlanContext ctx)
    {
        var st = ctx.Status;
        var kept = st.PreviousRevision is { } previous && previous != st.StableRevision && st.ScaleDownAt is { } at &&
                   ctx.Snapshot.Revisions.ContainsKey(previous) && (ctx.Now < at || st.CanaryUnavailableSince is not null);
        var stable = st.StableRevision!;
        var available = ctx.Snapshot.Available(stable);
        if (!kept || available >= ctx.Replicas)
        {
            if (st.CanaryUnavailableSince is not null)
            {
                ctx.Status = st with { CanaryUnavailableSince = null };
            }

            return false;
        }

        var since = st.CanaryUnavailableSince ?? ctx.Now;
        var deadline = since + ctx.ProgressDeadline;
        if (ctx.Now < deadline)
        {
            ctx.Status = st with { CanaryUnavailableSince = since };
            ctx.RequeueAt(deadline);
            return false;
        }

        ctx.Status = st with
        {
            CanaryRevision = stable,
            CanaryVersion = st.StableVersion,
            StableRevision = st.PreviousRevision,
            StableVersion = st.PreviousVersion,
            PreviousRevision = null,
            PreviousVersion = null,
            ScaleDownAt = null,
        };
        CanaryPlanner.AbortUnavailable(ctx, stable, available, ctx.Replicas, since);
        return true;
    }
}
