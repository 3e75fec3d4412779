using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Api.Strategy;

namespace Rollouts.Operator.Planning;

/// <summary>Canary steps: setWeight (once the canary has the replicas the weight needs), pause, analysis; then promotion.</summary>
internal static class CanaryPlanner
{
    public static string Purpose(int stepIndex) => $"canary step {stepIndex}";

    public static void Run(PlanContext ctx)
    {
        var steps = ctx.Spec.Strategy.Canary!.Steps;
        var promoteOnce = false;
        switch (ctx.Action)
        {
            case RolloutAction.Abort:
                RolloutPlanner.Abort(ctx, RolloutReasons.RolloutAborted, "aborted by the abort action");
                return;
            case RolloutAction.Pause:
                ctx.Normal(RolloutReasons.RolloutPaused, $"paused at step {ctx.Status.CurrentStepIndex}");
                ctx.Status = ctx.Status with { ManuallyPaused = true };
                break;
            case RolloutAction.Resume:
                ctx.Normal(RolloutReasons.RolloutResumed, $"resumed at step {ctx.Status.CurrentStepIndex}");
                ctx.Status = ctx.Status with
                {
                    ManuallyPaused = null,
                    StepStartedAt = ctx.Status.ManuallyPaused == true ? ctx.Now : ctx.Status.StepStartedAt,
                    Analysis = ctx.Status.Analysis is { Phase: AnalysisPhase.Inconclusive or AnalysisPhase.Error } ? null : ctx.Status.Analysis,
                };
                break;
            case RolloutAction.Promote when ctx.AnalysisFailing:
                ctx.Warning(RolloutReasons.PromoteRefused, "promote refused: the analysis is failing (use promote-full to override, or abort)");
                break;
            case RolloutAction.Promote:
                ctx.Normal(RolloutReasons.Promoted, $"step {ctx.Status.CurrentStepIndex} promoted");
                ctx.Status = ctx.Status with { ManuallyPaused = null };
                promoteOnce = true;
                break;
            case RolloutAction.PromoteFull:
                ctx.Normal(RolloutReasons.Promoted, "promote-full: skipping the remaining steps");
                ctx.Status = ctx.Status with { ManuallyPaused = null, CurrentStepIndex = steps.Count, StepStartedAt = ctx.Now, PauseEndsAt = null, Analysis = null };
                break;
        }

        var n = ctx.Replicas;
        var canary = ctx.Status.CanaryRevision!;
        var stable = ctx.Status.StableRevision!;
        var current = ctx.Status.CanaryWeight ?? 0;
        var target = current; // weight for the router
        var scaleFor = current; // weight the canary's replicas are sized for
        ctx.Keep(stable, n, fromSpec: false);
        ctx.Services = new ServiceTargets(stable, canary);

        for (var guard = 0; guard <= steps.Count + 1; guard++)
        {
            var st = ctx.Status;
            var idx = st.CurrentStepIndex ?? 0;
            if (st.ManuallyPaused == true)
            {
                Paused(ctx, RolloutReasons.ManualPause, $"paused by a person at step {idx}/{steps.Count} (annotate ml.rollouts.dev/action=resume)");
                break;
            }

            if (idx >= steps.Count)
            {
                scaleFor = 100;
                if (!Available(ctx, canary, n, $"promotion of {st.CanaryVersion}"))
                {
                    break;
                }

                target = 100;

                if (ctx.Snapshot.Traffic.CanaryWeight != 100)
                {
                    Progressing(ctx, $"shifting all traffic to {st.CanaryVersion}");
                    break;
                }

                Complete(ctx);
                return;
            }

            var step = steps[idx];
            if (step.SetWeight is { } w)
            {
                scaleFor = w;
                var need = CanaryScaling.ReplicasFor(w, n, ctx.ReplicaRatio);
                if (!Available(ctx, canary, need, $"weight {w}"))
                {
                    break;
                }

                target = w;

                if (ctx.Snapshot.Traffic.CanaryWeight != w)
                {
                    Progressing(ctx, $"step {idx}/{steps.Count}: setting weight {w}");
                    break;
                }

                current = w;
                ctx.Status = ctx.Status with { CanaryWeight = w };
                ctx.Normal(RolloutReasons.WeightSet, $"canary {st.CanaryVersion} weight {w}" + (ctx.ReplicaRatio && w is > 0 and < 100
                    ? $" (replica ratio {need}:{n}, effective {CanaryScaling.EffectiveRatioPercent(need, n)}%)"
                    : ""));
                NextStep(ctx, idx, steps.Count, $"setWeight {w}");
                promoteOnce = false;
                continue;
            }

            if (step.Shadow is { } shadow)
            {
                // The canary answers no user while it is shadowed: weight 0 first, then the stable's pods start copying.
                if (!Available(ctx, canary, CanaryScaling.ReplicasFor(0, n, ctx.ReplicaRatio), $"shadow {shadow.Percent}%"))
                {
                    break;
                }

                target = 0;
                scaleFor = 0;
                if (ctx.Snapshot.Traffic.CanaryWeight != 0)
                {
                    Progressing(ctx, $"step {idx}/{steps.Count}: setting weight 0 for the shadow");
                    break;
                }

                current = 0;
                ctx.Status = ctx.Status with { CanaryWeight = 0 };
                ctx.Normal(RolloutReasons.ShadowStarted, $"canary {st.CanaryVersion} shadows {shadow.Percent}% of the stable's requests (weight 0, compare {shadow.Compare ?? ShadowPlan.DefaultCompare})");
                NextStep(ctx, idx, steps.Count, $"shadow {shadow.Percent}%");
                promoteOnce = false;
                continue;
            }

            // A promote skips this step whatever the canary's replicas: the next weight waits for them (and its deadline),
            // so the action is never consumed by a pass that stops here.
            if (!promoteOnce && !Serving(ctx, canary, CanaryScaling.ReplicasFor(current, n, ctx.ReplicaRatio), $"step {idx}/{steps.Count}"))
            {
                break;
            }

            if (step.SetHeaderRoute is { } header)
            {
                ctx.Normal(
                    header.Value is null ? RolloutReasons.HeaderRouteRemoved : RolloutReasons.HeaderRouteSet,
                    header.Value is null
                        ? $"header rule {header.Name} to canary {st.CanaryVersion} removed"
                        : $"requests with header {header.Name} {header.Type ?? "Exact"} '{header.Value}' go to canary {st.CanaryVersion}");
                promoteOnce = false;
                NextStep(ctx, idx, steps.Count, $"setHeaderRoute {header.Name}");
                continue;
            }

            if (step.Pause is { } pause)
            {
                if (promoteOnce)
                {
                    promoteOnce = false;
                    NextStep(ctx, idx, steps.Count, "pause (promoted)");
                    continue;
                }

                if (pause.Duration is null || !Duration.TryParse(pause.Duration, out var d))
                {
                    Paused(ctx, RolloutReasons.PauseStep, $"step {idx}/{steps.Count}: paused until promoted (annotate ml.rollouts.dev/action=promote)");
                    break;
                }

                var ends = st.PauseEndsAt ?? (st.StepStartedAt ?? ctx.Now) + d;
                if (ctx.Now >= ends)
                {
                    NextStep(ctx, idx, steps.Count, $"pause {pause.Duration}");
                    continue;
                }

                ctx.Status = ctx.Status with { PauseEndsAt = ends };
                // The message names the pause's end, not the time left: a countdown would rewrite status on every pass.
                Paused(ctx, RolloutReasons.PauseStep, $"step {idx}/{steps.Count}: pause {pause.Duration} until {ends.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
                ctx.RequeueAt(ends);
                break;
            }

            // analysis step
            if (promoteOnce)
            {
                promoteOnce = false;
                NextStep(ctx, idx, steps.Count, "analysis (promoted)");
                continue;
            }

            if (!Analysis(ctx, Purpose(idx), $"step {idx}/{steps.Count}", () => NextStep(ctx, idx, steps.Count, "analysis successful")))
            {
                break;
            }
        }

        if (ctx.Status.AbortedRevision is null)
        {
            var replicas = Math.Max(CanaryScaling.ReplicasFor(current, n, ctx.ReplicaRatio), CanaryScaling.ReplicasFor(scaleFor, n, ctx.ReplicaRatio));
            ctx.Keep(canary, replicas, fromSpec: true);
            ctx.Weight = target;
            InForce(ctx, steps, canary);
        }
    }

    /// <summary>Sets the plan's shadow and header rule from the steps in force at the pass's final step, and says so in the message.</summary>
    private static void InForce(PlanContext ctx, IReadOnlyList<CanaryStep> steps, string canary)
    {
        var idx = ctx.Status.CurrentStepIndex ?? steps.Count;
        ctx.HeaderRoute = StepsInForce.HeaderRoute(steps, idx);
        if (StepsInForce.Shadow(steps, idx) is not { } shadow)
        {
            return;
        }

        ctx.Shadow = new ShadowPlan(canary, shadow.Percent, shadow.Compare ?? ShadowPlan.DefaultCompare, shadow.Tolerance ?? ShadowPlan.DefaultTolerance);
        var note = $" (canary shadowing {shadow.Percent}% of the stable's requests, weight 0)";
        if (ctx.Status.Message?.EndsWith(note, StringComparison.Ordinal) != true)
        {
            ctx.Status = ctx.Status with { Message = ctx.Status.Message + note };
        }
    }

    /// <summary>Runs the analysis of <paramref name="purpose"/>; true when it succeeded (and <paramref name="onSuccess"/> ran), false when the pass stops here.</summary>
    public static bool Analysis(PlanContext ctx, string purpose, string where, Action onSuccess)
    {
        var run = ctx.RunFor(purpose);
        switch (run?.Phase)
        {
            case null:
                ctx.Status = ctx.Status with { Analysis = null };
                Progressing(ctx, $"{where}: starting analysis ({purpose})");
                ctx.RequeueIn(TimeSpan.Zero);
                return false;
            case AnalysisPhase.Running:
                Progressing(ctx, $"{where}: analysis running ({run.SuccessfulRounds}/{ctx.Spec.Analysis?.Count ?? 0} successful rounds) {run.Message}".TrimEnd());
                ctx.RequeueAt(run.NextMeasurementAt ?? ctx.Now + TimeSpan.FromSeconds(1));
                return false;
            case AnalysisPhase.Successful:
                ctx.Normal(RolloutReasons.AnalysisSuccessful, $"{where}: analysis ({purpose}) successful");
                onSuccess();
                return true;
            case AnalysisPhase.Failed:
                ctx.Warning(RolloutReasons.AnalysisFailed, $"{where}: analysis ({purpose}) failed: {run.Message}");
                RolloutPlanner.Abort(ctx, RolloutReasons.AnalysisFailed, run.Message);
                return false;
            case AnalysisPhase.Inconclusive:
                Paused(ctx, RolloutReasons.AnalysisInconclusive, $"{where}: analysis inconclusive: {run.Message} (resume re-runs it, promote skips it, abort rolls back)");
                return false;
            default:
                if (ctx.Spec.Analysis?.OnConsecutiveErrors == ConsecutiveErrorAction.Rollback)
                {
                    ctx.Warning(RolloutReasons.AnalysisError, $"{where}: analysis ({purpose}) errored: {run.Message}");
                    RolloutPlanner.Abort(ctx, RolloutReasons.AnalysisError, run.Message);
                }
                else
                {
                    Paused(ctx, RolloutReasons.AnalysisError, $"{where}: analysis errored: {run.Message} (resume re-runs it, abort rolls back)");
                }

                return false;
        }
    }

    /// <summary>True when <paramref name="revision"/> has <paramref name="need"/> available replicas; otherwise checks the progress deadline.</summary>
    public static bool Available(PlanContext ctx, string revision, int need, string what)
    {
        var available = ctx.Snapshot.Available(revision);
        if (available >= need)
        {
            ctx.Status = ctx.Status with { CanaryUnavailableSince = null };
            return true;
        }

        var started = ctx.Status.StepStartedAt ?? ctx.Now;
        var deadline = started + ctx.ProgressDeadline;
        if (ctx.Now >= deadline)
        {
            var message = $"revision {revision} ({ctx.Status.CanaryVersion}) has {available}/{need} available replicas after {(int)ctx.ProgressDeadline.TotalSeconds}s";
            ctx.Warning(RolloutReasons.ProgressDeadlineExceeded, message);
            RolloutPlanner.Abort(ctx, RolloutReasons.ProgressDeadlineExceeded, message);
            return false;
        }

        Progressing(ctx, $"{what}: waiting for {ctx.Status.CanaryVersion}: {available}/{need} replicas available");
        ctx.RequeueAt(deadline); // and the Deployment's status change, if sooner
        return false;
    }

    /// <summary>
    /// The check of a step that holds traffic on a revision that was ready (a pause, an analysis, a wait for promotion):
    /// true when <paramref name="revision"/> still has <paramref name="need"/> available replicas. When it has fewer,
    /// <c>status.canaryUnavailableSince</c> records since when (so a restarted operator keeps counting) and the pass
    /// stops at this step, traffic unchanged; once that is progressDeadlineSeconds old the rollout is aborted with
    /// <see cref="RolloutReasons.CanaryUnavailable"/> (traffic to stable first). False when the pass stops here.
    /// </summary>
    public static bool Serving(PlanContext ctx, string revision, int need, string where)
    {
        var available = ctx.Snapshot.Available(revision);
        if (available >= need)
        {
            ctx.Status = ctx.Status with { CanaryUnavailableSince = null };
            return true;
        }

        var since = ctx.Status.CanaryUnavailableSince ?? ctx.Now;
        var deadline = since + ctx.ProgressDeadline;
        var version = ctx.Status.CanaryVersion;
        if (ctx.Now >= deadline)
        {
            AbortUnavailable(ctx, revision, available, need, since);
            return false;
        }

        ctx.Status = ctx.Status with { CanaryUnavailableSince = since };
        Progressing(ctx, $"{where}: {version} has {available}/{need} available replicas since {since:u}; rolled back at {deadline:u} unless it recovers");
        ctx.RequeueAt(deadline); // and the Deployment's status change, if sooner
        return false;
    }

    /// <summary>Aborts the rollout of the canary <paramref name="revision"/>, short of replicas since <paramref name="since"/>, with <see cref="RolloutReasons.CanaryUnavailable"/>.</summary>
    public static void AbortUnavailable(PlanContext ctx, string revision, int available, int need, DateTimeOffset since)
    {
        var message = $"revision {revision} ({ctx.Status.CanaryVersion}) has {available}/{need} available replicas, short for {(int)(ctx.Now - since).TotalSeconds}s (progressDeadlineSeconds {(int)ctx.ProgressDeadline.TotalSeconds})";
        ctx.Warning(RolloutReasons.CanaryUnavailable, message);
        RolloutPlanner.Abort(ctx, RolloutReasons.CanaryUnavailable, message);
    }

    private static void NextStep(PlanContext ctx, int idx, int count, string what)
    {
        ctx.Normal(RolloutReasons.StepCompleted, $"step {idx}/{count} ({what}) completed");
        ctx.Status = ctx.Status with { CurrentStepIndex = idx + 1, StepStartedAt = ctx.Now, PauseEndsAt = null };
    }

    private static void Complete(PlanContext ctx)
    {
        var st = ctx.Status;
        var delay = ctx.Spec.Strategy.Canary!.ScaleDownDelaySeconds ?? 30;
        CompletePromotion(
            ctx,
            $"{st.CanaryVersion} is stable (revision {st.CanaryRevision}); {st.StableVersion} stays at full size for {delay}s",
            $"{st.CanaryVersion} serves all traffic",
            delay);
    }

    /// <summary>
    /// The canary becomes the stable revision: emits a RolloutCompleted event with <paramref name="eventMessage"/>, adds a
    /// "Completed" history entry, clears the canary fields, sets phase Healthy with <paramref name="statusMessage"/> and
    /// Progressing=False, and keeps the new stable revision at full size with all traffic on it; the old stable stays at
    /// full size (no traffic) as <c>status.previousRevision</c> until <c>status.scaleDownAt</c>, <paramref name="scaleDownDelaySeconds"/>
    /// from now, and the pass requeues for that moment. Shared by the canary and blue-green planners.
    /// </summary>
    public static void CompletePromotion(PlanContext ctx, string eventMessage, string statusMessage, int scaleDownDelaySeconds)
    {
        var st = ctx.Status;
        var canary = st.CanaryRevision!;
        ctx.Normal(RolloutReasons.RolloutCompleted, eventMessage);
        ctx.AddHistory(st.CanaryVersion ?? "", canary, "Completed", $"replaced {st.StableVersion}");
        ctx.Revisions.Clear();
        ctx.Status = ctx.Status with
        {
            StableRevision = canary,
            StableVersion = st.CanaryVersion,
            CanaryRevision = null,
            CanaryVersion = null,
            CanaryWeight = 0,
            CurrentStepIndex = null,
            StepStartedAt = null,
            PauseEndsAt = null,
            CanaryUnavailableSince = null,
            Phase = RolloutPhase.Healthy,
            Message = statusMessage,
        };
        ctx.SetCondition(ConditionTypes.Progressing, false, RolloutReasons.RolloutCompleted, $"{st.CanaryVersion} promoted");
        ctx.Keep(canary, ctx.Replicas, fromSpec: true);
        ctx.Services = new ServiceTargets(canary, canary);
        ctx.Weight = 0;

        var at = ctx.Now + TimeSpan.FromSeconds(Math.Max(0, scaleDownDelaySeconds));
        ctx.Status = ctx.Status with { PreviousRevision = st.StableRevision, PreviousVersion = st.StableVersion, ScaleDownAt = at, SwitchedAt = null };
        if (st.StableRevision is { } previous && previous != canary)
        {
            ctx.Keep(previous, ctx.Replicas, fromSpec: false);
            ctx.RequeueAt(at);
        }
    }

    public static void Progressing(PlanContext ctx, string message)
    {
        ctx.Status = ctx.Status with { Phase = RolloutPhase.Progressing, Message = message };
        ctx.SetCondition(ConditionTypes.Progressing, true, RolloutReasons.RolloutInProgress, message);
    }

    public static void Paused(PlanContext ctx, string reason, string message)
    {
        ctx.PausedReason = reason;
        ctx.Status = ctx.Status with { Phase = RolloutPhase.Paused, Message = message };
        ctx.SetCondition(ConditionTypes.Progressing, true, RolloutReasons.RolloutInProgress, message);
    }
}
