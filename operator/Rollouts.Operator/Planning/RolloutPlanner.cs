using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Kube;

namespace Rollouts.Operator.Planning;

/// <summary>
/// The rollout planner: a pure function of (snapshot, analysis run, now) → plan. No I/O, no clock: everything it
/// needs to resume lives in <c>status</c>. Strategy-specific steps are in <see cref="CanaryPlanner"/> and
/// <see cref="BlueGreenPlanner"/>.
/// </summary>
public static class RolloutPlanner
{
    /// <summary>
    /// Plans one pass. <paramref name="analysis"/> is the run the reconciler just advanced (it replaces
    /// <c>status.analysis</c>), or null when none was demanded.
    /// </summary>
    public static RolloutPlan Plan(RolloutSnapshot snapshot, AnalysisRunStatus? analysis, DateTimeOffset now)
    {
        var ctx = new PlanContext(snapshot, now);
        if (analysis is not null)
        {
            ctx.Status = ctx.Status with { Analysis = analysis };
        }

        if (snapshot.SpecErrors.Count > 0)
        {
            return Invalid(ctx);
        }

        if (Conditions.Find(ctx.Status.Conditions, ConditionTypes.InvalidSpec) is not null)
        {
            ctx.SetCondition(ConditionTypes.InvalidSpec, false, RolloutReasons.ValidSpec, null);
        }

        ReadAction(ctx);
        var st = ctx.Status;
        if (st.StableRevision is null ||
            (st.StableRevision != ctx.DesiredRevision && st.CanaryRevision is null && st.Phase is RolloutPhase.Pending or null && ctx.Snapshot.Available(st.StableRevision) == 0))
        {
            FirstDeploy(ctx);
        }
        else if (st.StableRevision == ctx.DesiredRevision)
        {
            if (!LostStable.RollBack(ctx))
            {
                Steady(ctx);
            }
        }
        else
        {
            Rollout(ctx);
        }

        return Finish(ctx);
    }

    /// <summary>The analysis the status waits for (the reconciler advances it with IAnalysisRunner before planning), or null.</summary>
    public static AnalysisDemand? DemandedAnalysis(RolloutSnapshot snapshot)
    {
        var st = snapshot.Status;
        if (snapshot.SpecErrors.Count > 0 || st.CanaryRevision is null || st.CanaryVersion is null || st.ManuallyPaused == true ||
            st.CanaryRevision != snapshot.DesiredRevision || st.AbortedRevision == st.CanaryRevision || st.CurrentStepIndex is not { } idx)
        {
            return null;
        }

        string? purpose = null;
        var shadowing = false;
        if (snapshot.Spec.Strategy.Canary is { } canary)
        {
            if (idx < canary.Steps.Count && canary.Steps[idx].Analysis is not null)
            {
                purpose = CanaryPlanner.Purpose(idx);
                shadowing = StepsInForce.Shadow(canary.Steps, idx) is not null;
            }
        }
        else if (snapshot.Spec.Strategy.BlueGreen is { } bg)
        {
            purpose = idx switch
            {
                BlueGreenStages.PrePromotionAnalysis when bg.PrePromotionAnalysis == true => BlueGreenPlanner.PrePurpose,
                BlueGreenStages.PostPromotionAnalysis when bg.PostPromotionAnalysis == true => BlueGreenPlanner.PostPurpose,
                _ => null,
            };
        }

        if (purpose is null)
        {
            return null;
        }

        // A finished run is not advanced again: the planner acts on its phase.
        if (st.Analysis is { } a && a.IsFor(purpose, st.CanaryRevision, st.CanaryVersion) && a.Phase != AnalysisPhase.Running)
        {
            return null;
        }

        return new AnalysisDemand(purpose, st.CanaryRevision, st.CanaryVersion, shadowing);
    }

    private static RolloutPlan Invalid(PlanContext ctx)
    {
        var message = string.Join("; ", ctx.Snapshot.SpecErrors);
        var wasInvalid = Conditions.IsTrue(ctx.Status.Conditions, ConditionTypes.InvalidSpec) &&
                         Conditions.Find(ctx.Status.Conditions, ConditionTypes.InvalidSpec)?.Message == message &&
                         ctx.Status.ObservedGeneration == ctx.Generation;
        if (!wasInvalid)
        {
            ctx.Warning(RolloutReasons.InvalidSpec, message);
        }

        ctx.SetCondition(ConditionTypes.InvalidSpec, true, RolloutReasons.InvalidSpec, message);
        if (ctx.Status.CanaryRevision is not null && ctx.Status.StableRevision is not null)
        {
            return Withdraw(ctx, message);
        }

        ctx.Status = ctx.Status with { Phase = RolloutPhase.Degraded, Message = "invalid spec: " + message, ObservedGeneration = ctx.Generation };
        return new RolloutPlan { Status = ctx.Status, Events = ctx.Events, ConsumeAction = false };
    }

    /// <summary>
    /// An edit made the spec invalid mid-rollout: the canary's traffic goes back to stable (weight 0 read back, blue-green:
    /// the active Service back on the stable revision, as for an abort), then the rollout is dropped (history
    /// "Superseded") and its Deployment deleted. Every other revision keeps the replicas it has: an invalid spec says
    /// nothing trustworthy about sizes. A later valid spec starts a new rollout from step 0.
    /// </summary>
    private static RolloutPlan Withdraw(PlanContext ctx, string message)
    {
        var st = ctx.Status;
        var stable = st.StableRevision!;
        var canary = st.CanaryRevision!;
        var verified = TrafficOnStable(ctx, stable);
        foreach (var revision in ctx.Snapshot.Revisions.Keys.Where(r => r != canary || !verified))
        {
            ctx.KeepAsIs(revision);
        }

        ctx.Services = new ServiceTargets(stable, stable);
        ctx.Weight = 0;
        if (!verified)
        {
            ctx.Status = st with { Phase = RolloutPhase.Degraded, Message = $"invalid spec: {message}; returning traffic to stable {st.StableVersion}" };
            ctx.RequeueIn(TimeSpan.FromSeconds(1));
        }
        else
        {
            ctx.Normal(RolloutReasons.RolloutCancelled, $"rollout of {st.CanaryVersion} (revision {canary}) withdrawn: the spec is invalid; traffic is back on stable {st.StableVersion}");
            ctx.AddHistory(st.CanaryVersion ?? "", canary, "Superseded", "invalid spec: " + message);
            ctx.Status = ctx.Status with
            {
                Phase = RolloutPhase.Degraded,
                Message = $"invalid spec: {message}; the rollout of {st.CanaryVersion} was withdrawn, {st.StableVersion} serves all traffic",
                CanaryRevision = null,
                CanaryVersion = null,
                CanaryWeight = 0,
                CurrentStepIndex = null,
                StepStartedAt = null,
                PauseEndsAt = null,
                ManuallyPaused = null,
                Analysis = null,
                SwitchedAt = null,
                CanaryUnavailableSince = null,
                RolledBack = st.AbortedRevision == canary ? true : st.RolledBack,
            };
            ctx.SetCondition(ConditionTypes.Progressing, false, RolloutReasons.InvalidSpec, message);
        }

        return ToPlan(ctx); // the action annotation stays unread (ConsumeAction false) until the spec is valid
    }

    private static void ReadAction(PlanContext ctx)
    {
        if (ctx.Snapshot.ActionAnnotation is not { } raw)
        {
            return;
        }

        ctx.ConsumeAction = true;
        ctx.Action = RolloutActionParser.Parse(raw);
        if (ctx.Action is null)
        {
            ctx.Warning(RolloutReasons.UnknownAction, $"unknown action '{raw}' (expected one of {string.Join(", ", RolloutActionParser.Values)})");
        }
    }

    private static void FirstDeploy(PlanContext ctx)
    {
        var st = ctx.Status;
        if (st.StableRevision != ctx.DesiredRevision)
        {
            ctx.Normal(RolloutReasons.RolloutStarted, $"deploying {ctx.Spec.Model.Name} {ctx.DesiredVersion} (revision {ctx.DesiredRevision}) with {ctx.Replicas} replicas");
            ctx.Status = st with
            {
                StableRevision = ctx.DesiredRevision,
                StableVersion = ctx.DesiredVersion,
                Phase = RolloutPhase.Pending,
                CanaryRevision = null,
                CanaryVersion = null,
                CurrentStepIndex = null,
                StepStartedAt = null,
                PauseEndsAt = null,
            };
        }

        Steady(ctx);
    }

    private static void Steady(PlanContext ctx)
    {
        var st = ctx.Status;
        if (st.CanaryRevision is { } cancelled)
        {
            ctx.Normal(RolloutReasons.RolloutCancelled, $"spec is back at the stable revision {st.StableRevision}: rollout of {st.CanaryVersion} cancelled");
            ctx.AddHistory(st.CanaryVersion ?? "", cancelled, "Superseded", "spec returned to the stable revision");
            ctx.Status = ctx.Status with { CanaryRevision = null, CanaryVersion = null };
            ctx.SetCondition(ConditionTypes.Progressing, false, RolloutReasons.RolloutCancelled, $"spec returned to {st.StableVersion}");
        }

        if (ctx.Action is RolloutAction.Promote or RolloutAction.PromoteFull or RolloutAction.Retry or RolloutAction.Abort or RolloutAction.Pause or RolloutAction.Resume)
        {
            ctx.Normal(RolloutReasons.UnknownAction, $"action '{ctx.Snapshot.ActionAnnotation}' ignored: no rollout in progress");
        }

        var stable = ctx.Status.StableRevision!;
        ctx.Status = ctx.Status with
        {
            CurrentStepIndex = null,
            StepStartedAt = null,
            PauseEndsAt = null,
            ManuallyPaused = null,
            CanaryWeight = 0,
            Analysis = null,
            StableVersion = ctx.Status.StableRevision == ctx.DesiredRevision ? ctx.DesiredVersion : ctx.Status.StableVersion,
        };
        ctx.Keep(stable, ctx.Replicas, fromSpec: stable == ctx.DesiredRevision);
        ctx.Services = new ServiceTargets(stable, stable);
        ctx.Weight = 0;
        KeepLingering(ctx);

        var available = ctx.Snapshot.Available(stable);
        if (available >= ctx.Replicas)
        {
            if (ctx.Status.Phase == RolloutPhase.Pending)
            {
                ctx.Normal(RolloutReasons.RolloutCompleted, $"{ctx.Status.StableVersion} is available ({available}/{ctx.Replicas} replicas)");
            }

            ctx.Status = ctx.Status with
            {
                Phase = RolloutPhase.Healthy,
                Message = $"{ctx.Status.StableVersion} serves all traffic ({available}/{ctx.Replicas} replicas available)",
            };
        }
        else
        {
            ctx.Status = ctx.Status with
            {
                Phase = ctx.Status.Phase is RolloutPhase.Pending or null ? RolloutPhase.Pending : RolloutPhase.Degraded,
                Message = $"waiting for {ctx.Status.StableVersion}: {available}/{ctx.Replicas} replicas available",
            };

            // No requeue: the owned Deployment's status change wakes the reconciler when replicas become available.
        }

        if (ctx.Status.Phase == RolloutPhase.Pending)
        {
            ctx.SetCondition(ConditionTypes.Progressing, true, RolloutReasons.RolloutInProgress, ctx.Status.Message);
        }
        else if (Conditions.Find(ctx.Status.Conditions, ConditionTypes.Progressing) is not { Status: ConditionStatus.False })
        {
            // Keeps the reason the last rollout ended with (RolloutCompleted, RolloutCancelled, ...).
            ctx.SetCondition(ConditionTypes.Progressing, false, RolloutReasons.NoRollout, null);
        }
    }

    private static void Rollout(PlanContext ctx)
    {
        var st = ctx.Status;
        if (st.AbortedRevision == ctx.DesiredRevision)
        {
            if (ctx.Action == RolloutAction.Retry)
            {
                ctx.Normal(RolloutReasons.RolloutRetried, $"retrying {ctx.DesiredVersion} (revision {ctx.DesiredRevision}) from step 0");
                ctx.Action = null;
                StartRollout(ctx);
            }
            else
            {
                if (ctx.Action is not null)
                {
                    ctx.Normal(RolloutReasons.UnknownAction, $"action '{ctx.Snapshot.ActionAnnotation}' ignored: the rollout of {ctx.DesiredVersion} was aborted (use retry)");
                }

                Aborted(ctx);
                return;
            }
        }
        else if (st.CanaryRevision != ctx.DesiredRevision)
        {
            if (st.CanaryRevision is { } old)
            {
                ctx.Normal(RolloutReasons.RolloutSuperseded, $"rollout of {st.CanaryVersion} (revision {old}) superseded by {ctx.DesiredVersion}; restarting from step 0");
                ctx.AddHistory(st.CanaryVersion ?? "", old, "Superseded", $"replaced by {ctx.DesiredVersion}");
            }

            StartRollout(ctx);
        }
        else if (ctx.Action == RolloutAction.Retry)
        {
            ctx.Normal(RolloutReasons.UnknownAction, "action 'retry' ignored: the rollout was not aborted");
            ctx.Action = null;
        }

        if (ctx.Spec.Strategy.Canary is not null)
        {
            CanaryPlanner.Run(ctx);
        }
        else
        {
            BlueGreenPlanner.Run(ctx);
        }
    }

    private static void StartRollout(PlanContext ctx)
    {
        var st = ctx.Status;
        ctx.Normal(RolloutReasons.RolloutStarted, $"rolling out {ctx.DesiredVersion} (revision {ctx.DesiredRevision}) against stable {st.StableVersion}");
        ctx.Status = st with
        {
            CanaryRevision = ctx.DesiredRevision,
            CanaryVersion = ctx.DesiredVersion,
            CanaryWeight = 0,
            CurrentStepIndex = 0,
            StepStartedAt = ctx.Now,
            PauseEndsAt = null,
            ManuallyPaused = null,
            Analysis = null,
            AbortedRevision = null,
            AbortedAt = null,
            AbortReason = null,
            AbortMessage = null,
            RolledBack = null,
            SwitchedAt = null,
            CanaryUnavailableSince = null,
        };
        if (Conditions.Find(ctx.Status.Conditions, ConditionTypes.RolledBack) is not null)
        {
            ctx.SetCondition(ConditionTypes.RolledBack, false, RolloutReasons.RolloutStarted, null);
        }
    }

    /// <summary>Starts the abort path: traffic to stable first; <see cref="Aborted"/> marks it rolled back once verified.</summary>
    internal static void Abort(PlanContext ctx, string reason, string message)
    {
        var st = ctx.Status;
        ctx.Warning(RolloutReasons.RolloutAborted, $"rollout of {st.CanaryVersion} aborted ({reason}): {message}");
        ctx.AddHistory(st.CanaryVersion ?? "", st.CanaryRevision ?? "", "Aborted", $"{reason}: {message}");
        ctx.Status = ctx.Status with
        {
            AbortedRevision = st.CanaryRevision,
            AbortedAt = ctx.Now,
            AbortReason = reason,
            AbortMessage = message,
            RolledBack = false,
            ManuallyPaused = null,
            PauseEndsAt = null,
            CanaryUnavailableSince = null,
        };
        ctx.SetCondition(ConditionTypes.Progressing, false, reason, message);
        Aborted(ctx);
    }

    private static void Aborted(PlanContext ctx)
    {
        var st = ctx.Status;
        var stable = st.StableRevision!;
        var aborted = st.AbortedRevision!;
        ctx.Keep(stable, ctx.Replicas, fromSpec: false);
        ctx.Services = new ServiceTargets(stable, stable);
        ctx.Weight = 0;
        var verified = TrafficOnStable(ctx, stable);

        if (st.RolledBack != true)
        {
            ctx.KeepAsIs(aborted);
            if (!verified)
            {
                ctx.Status = st with { Phase = RolloutPhase.Progressing, Message = $"aborting ({st.AbortReason}): returning traffic to stable {st.StableVersion}" };
                ctx.RequeueIn(TimeSpan.FromSeconds(1));
                return;
            }

            var from = FailureTime(st) ?? st.AbortedAt ?? ctx.Now;
            ctx.Rollback = new RollbackRecord(st.AbortReason ?? RolloutReasons.RolloutAborted, Math.Max(0, (ctx.Now - from).TotalSeconds));
            ctx.Warning(RolloutReasons.RolledBack, $"traffic is back on stable {st.StableVersion} ({st.AbortReason}: {st.AbortMessage})");
            ctx.Status = st with
            {
                RolledBack = true,
                ScaleDownAt = ctx.Now + ctx.AbortScaleDownDelay,
                CanaryRevision = null,
                CanaryVersion = null,
                CanaryWeight = 0,
                CurrentStepIndex = null,
                SwitchedAt = null,
            };
            ctx.SetCondition(ConditionTypes.RolledBack, true, st.AbortReason ?? RolloutReasons.RolloutAborted, st.AbortMessage);
            st = ctx.Status;
        }

        KeepLingering(ctx);
        ctx.Status = ctx.Status with
        {
            Phase = RolloutPhase.Degraded,
            CanaryRevision = null,
            CanaryVersion = null,
            CanaryWeight = 0,
            CurrentStepIndex = null,
            StepStartedAt = null,
            Message = $"rolled back to {st.StableVersion}: {st.AbortReason}: {st.AbortMessage} (set annotation ml.rollouts.dev/action=retry to try again)",
        };
    }

    /// <summary>True when the router reads all traffic on <paramref name="stable"/> (blue-green: the active Service selects it); an unknown weight (route missing or unreadable) is not 0.</summary>
    private static bool TrafficOnStable(PlanContext ctx, string stable) => ctx.Spec.Strategy.BlueGreen is not null
        ? ctx.Snapshot.Traffic.ActiveRevision is null || ctx.Snapshot.Traffic.ActiveRevision == stable
        : ctx.Snapshot.Traffic.CanaryWeight == 0;

    /// <summary>Keeps the previous revision (full size) and an aborted canary until scaleDownAt, and the previous one past it while <see cref="LostStable.Holding"/>.</summary>
    private static void KeepLingering(PlanContext ctx)
    {
        var st = ctx.Status;
        if (st.ScaleDownAt is { } at)
        {
            if (ctx.Now < at || LostStable.Holding(st))
            {
                if (st.PreviousRevision is { } prev && prev != st.StableRevision)
                {
                    ctx.Keep(prev, ctx.Replicas, fromSpec: false);
                }

                if (st.AbortedRevision is { } ab && ab != st.StableRevision)
                {
                    ctx.KeepAsIs(ab);
                }

                if (ctx.Now < at)
                {
                    ctx.RequeueAt(at); // held past it: LostStable requeues at the deadline
                }
            }
            else
            {
                var gone = new[] { st.PreviousRevision, st.AbortedRevision }.Where(r => r is not null && r != st.StableRevision && ctx.Snapshot.Revisions.ContainsKey(r));
                foreach (var r in gone)
                {
                    ctx.Normal(RolloutReasons.ScaledDown, $"revision {r} scaled down");
                }

                ctx.Status = st with { ScaleDownAt = null, PreviousRevision = null, PreviousVersion = null };
            }
        }
    }

    private static DateTimeOffset? FailureTime(ModelDeploymentStatus st) =>
        st.AbortReason == RolloutReasons.AnalysisFailed && st.Analysis is { } a
            ? a.Checks.SelectMany(c => c.Measurements).Where(m => m.Verdict == MeasurementVerdict.Failed).Select(m => (DateTimeOffset?)m.Time).Max()
            : null;

    private static RolloutPlan Finish(PlanContext ctx)
    {
        var st = ctx.Status;
        var stable = st.StableRevision;
        var available = ctx.Snapshot.Available(stable);
        var stableAvailable = stable is not null && available >= ctx.Replicas;
        ctx.SetCondition(ConditionTypes.Available, stableAvailable, stableAvailable ? RolloutReasons.StableAvailable : RolloutReasons.StableUnavailable,
            $"stable {st.StableVersion}: {available}/{ctx.Replicas} replicas available");
        if (st.Phase == RolloutPhase.Paused)
        {
            var reason = st.ManuallyPaused == true ? RolloutReasons.ManualPause : ctx.PausedReason ?? RolloutReasons.PauseStep;
            ctx.SetCondition(ConditionTypes.Paused, true, reason, st.Message);
        }
        else if (Conditions.Find(ctx.Status.Conditions, ConditionTypes.Paused) is not null)
        {
            ctx.SetCondition(ConditionTypes.Paused, false, RolloutReasons.NotPaused, null);
        }

        return ToPlan(ctx);
    }

    /// <summary>The plan of what <paramref name="ctx"/> decided, its status at the current generation.</summary>
    private static RolloutPlan ToPlan(PlanContext ctx)
    {
        // Requeued only for what time decides (a pause's end, an analysis round, a deadline, a scale-down); watches on
        // the ModelDeployment, its Deployments, Services and HTTPRoutes wake it for everything else.
        ShadowAndHeaderStatus(ctx);
        ctx.Status = ctx.Status with { ObservedGeneration = ctx.Generation };
        return new RolloutPlan
        {
            Status = ctx.Status,
            Revisions = ctx.Revisions.Values.ToList(),
            Services = ctx.Services,
            CanaryWeight = ctx.Weight,
            Shadow = ctx.Shadow,
            HeaderRoute = ctx.HeaderRoute,
            Events = ctx.Events,
            RequeueAfter = ctx.Requeue,
            ConsumeAction = ctx.ConsumeAction,
            Rollback = ctx.Rollback,
        };
    }

    /// <summary>
    /// Records the plan's shadow and header rule in status (<c>shadowPercent</c>, <c>headerRoute</c>) and tells when
    /// either stops: anything that leaves no shadow step in force (the next setWeight, promotion, abort, rollback, a
    /// superseding or invalid edit) turns shadowing off.
    /// </summary>
    private static void ShadowAndHeaderStatus(PlanContext ctx)
    {
        var before = ctx.Snapshot.Status;
        var version = before.CanaryVersion ?? ctx.Status.CanaryVersion ?? ctx.Status.StableVersion;
        if (before.ShadowPercent is { } p && ctx.Shadow is null)
        {
            ctx.Normal(RolloutReasons.ShadowStopped, $"shadowing of {p}% of the stable's requests to {version} stopped");
        }

        if (before.HeaderRoute is { } h && ctx.HeaderRoute is null && !ctx.Events.Any(e => e.Reason == RolloutReasons.HeaderRouteRemoved))
        {
            ctx.Normal(RolloutReasons.HeaderRouteRemoved, $"header rule {h.Name} to canary {version} removed");
        }

        ctx.Status = ctx.Status with { ShadowPercent = ctx.Shadow?.Percent, HeaderRoute = ctx.HeaderRoute };
    }
}
