using Rollouts.Api;
using Rollouts.Api.Status;

namespace Rollouts.Operator.Planning;

/// <summary>
/// Blue-green stages (<see cref="BlueGreenStages"/>): preview → optional pre-promotion analysis → promotion (auto or
/// manual) → full size and switch of the active Service → optional post-promotion analysis (failure switches back) →
/// the previous revision stays at full size for scaleDownDelaySeconds.
/// </summary>
internal static class BlueGreenPlanner
{
    public const string PrePurpose = "pre-promotion";
    public const string PostPurpose = "post-promotion";

    public static void Run(PlanContext ctx)
    {
        var bg = ctx.Spec.Strategy.BlueGreen!;
        var promoteOnce = false;
        var stage0 = ctx.Status.CurrentStepIndex ?? 0;
        switch (ctx.Action)
        {
            case RolloutAction.Abort:
                RolloutPlanner.Abort(ctx, RolloutReasons.RolloutAborted, "aborted by the abort action");
                return;
            case RolloutAction.Pause:
                ctx.Normal(RolloutReasons.RolloutPaused, $"paused at {BlueGreenStages.Name(stage0)}");
                ctx.Status = ctx.Status with { ManuallyPaused = true };
                break;
            case RolloutAction.Resume:
                ctx.Normal(RolloutReasons.RolloutResumed, $"resumed at {BlueGreenStages.Name(stage0)}");
                ctx.Status = ctx.Status with
                {
                    ManuallyPaused = null,
                    StepStartedAt = ctx.Status.ManuallyPaused == true ? ctx.Now : ctx.Status.StepStartedAt,
                    Analysis = ctx.Status.Analysis is { Phase: Api.Analysis.AnalysisPhase.Inconclusive or Api.Analysis.AnalysisPhase.Error } ? null : ctx.Status.Analysis,
                };
                break;
            case RolloutAction.Promote when ctx.AnalysisFailing:
                ctx.Warning(RolloutReasons.PromoteRefused, "promote refused: the analysis is failing (use promote-full to override, or abort)");
                break;
            case RolloutAction.Promote:
            case RolloutAction.PromoteFull:
                ctx.Normal(RolloutReasons.Promoted, $"{ctx.Snapshot.ActionAnnotation} at {BlueGreenStages.Name(stage0)}");
                ctx.Status = ctx.Status with { ManuallyPaused = null };
                if (ctx.Action == RolloutAction.PromoteFull && stage0 < BlueGreenStages.Switch)
                {
                    ctx.Status = ctx.Status with { CurrentStepIndex = BlueGreenStages.Switch, StepStartedAt = ctx.Now, PauseEndsAt = null, Analysis = null };
                }
                else if (ctx.Action == RolloutAction.PromoteFull && stage0 == BlueGreenStages.PostPromotionAnalysis)
                {
                    ctx.Status = ctx.Status with { CurrentStepIndex = BlueGreenStages.Done };
                }
                else
                {
                    promoteOnce = true;
                }

                break;
        }

        var n = ctx.Replicas;
        var preview = Math.Max(0, bg.PreviewReplicas ?? 1);
        var canary = ctx.Status.CanaryRevision!;
        var stable = ctx.Status.StableRevision!;
        ctx.Keep(stable, n, fromSpec: false);

        for (var guard = 0; guard < 8; guard++)
        {
            var st = ctx.Status;
            var stage = st.CurrentStepIndex ?? 0;
            if (st.ManuallyPaused == true)
            {
                CanaryPlanner.Paused(ctx, RolloutReasons.ManualPause, $"paused by a person at {BlueGreenStages.Name(stage)} (annotate ml.rollouts.dev/action=resume)");
                break;
            }

            if (stage == BlueGreenStages.Preview)
            {
                // The preview runs min(previewReplicas, replicas) pods (below): wait for those, never for more.
                if (!CanaryPlanner.Available(ctx, canary, Math.Min(preview, n), $"preview of {st.CanaryVersion}"))
                {
                    break;
                }

                Next(ctx, stage);
                continue;
            }

            var need = stage >= BlueGreenStages.Switch ? n : Math.Min(preview, n);
            if (stage != BlueGreenStages.Switch && !CanaryPlanner.Serving(ctx, canary, need, BlueGreenStages.Name(stage)))
            {
                break;
            }

            if (stage == BlueGreenStages.PrePromotionAnalysis)
            {
                if (!AnalysisStage(ctx, stage, bg.PrePromotionAnalysis, PrePurpose, "pre-promotion", ref promoteOnce))
                {
                    break;
                }

                continue;
            }

            if (stage == BlueGreenStages.AwaitingPromotion)
            {
                if (promoteOnce)
                {
                    promoteOnce = false;
                    Next(ctx, stage);
                    continue;
                }

                if (bg.AutoPromotionSeconds is not { } auto)
                {
                    CanaryPlanner.Paused(ctx, RolloutReasons.AwaitingPromotion, $"preview {st.CanaryVersion} is ready; waiting for promote (annotate ml.rollouts.dev/action=promote)");
                    break;
                }

                var ends = st.PauseEndsAt ?? (st.StepStartedAt ?? ctx.Now) + TimeSpan.FromSeconds(auto);
                if (ctx.Now >= ends)
                {
                    Next(ctx, stage);
                    continue;
                }

                ctx.Status = ctx.Status with { PauseEndsAt = ends };
                CanaryPlanner.Paused(ctx, RolloutReasons.AwaitingPromotion, $"preview {st.CanaryVersion} is ready; auto-promotion in {Duration.Format(ends - ctx.Now)}");
                ctx.RequeueAt(ends);
                break;
            }

            if (stage == BlueGreenStages.Switch)
            {
                if (!CanaryPlanner.Available(ctx, canary, n, $"scaling {st.CanaryVersion} to full size"))
                {
                    break;
                }

                ctx.Normal(RolloutReasons.Promoted, $"active Service switched to {st.CanaryVersion} (revision {canary})");
                ctx.Status = ctx.Status with { SwitchedAt = ctx.Now, CanaryWeight = 100 };
                Next(ctx, stage);
                continue;
            }

            if (stage == BlueGreenStages.PostPromotionAnalysis)
            {
                if (!AnalysisStage(ctx, stage, bg.PostPromotionAnalysis, PostPurpose, "post-promotion", ref promoteOnce))
                {
                    break;
                }

                continue;
            }

            Complete(ctx, bg.ScaleDownDelaySeconds ?? 30);
            return;
        }

        if (ctx.Status.AbortedRevision is null)
        {
            var stage = ctx.Status.CurrentStepIndex ?? 0;
            ctx.Keep(canary, stage >= BlueGreenStages.Switch ? n : Math.Min(preview, n), fromSpec: true);
            var active = ctx.Status.SwitchedAt is null ? stable : canary;
            ctx.Services = new ServiceTargets(active, canary);
            ctx.Weight = 0;
            ctx.Status = ctx.Status with { CanaryWeight = ctx.Status.SwitchedAt is null ? 0 : 100 };
        }
    }

    private static void Next(PlanContext ctx, int stage, bool quiet = false)
    {
        if (!quiet)
        {
            ctx.Normal(RolloutReasons.StepCompleted, $"blue-green stage {stage} ({BlueGreenStages.Name(stage)}) completed");
        }

        ctx.Status = ctx.Status with { CurrentStepIndex = stage + 1, StepStartedAt = ctx.Now, PauseEndsAt = null };
    }

    /// <summary>
    /// An optional analysis stage: skipped quietly when <paramref name="enabled"/> is not true, passed by a pending promote
    /// (which <paramref name="promoteOnce"/> consumes), otherwise judged by the analysis of <paramref name="purpose"/>.
    /// True when the stage is done and the loop goes on; false when the pass stops here.
    /// </summary>
    private static bool AnalysisStage(PlanContext ctx, int stage, bool? enabled, string purpose, string where, ref bool promoteOnce)
    {
        if (enabled != true)
        {
            Next(ctx, stage, quiet: true);
            return true;
        }

        if (promoteOnce)
        {
            promoteOnce = false;
            Next(ctx, stage);
            return true;
        }

        return CanaryPlanner.Analysis(ctx, purpose, where, () => Next(ctx, stage));
    }

    private static void Complete(PlanContext ctx, int scaleDownDelaySeconds)
    {
        var st = ctx.Status;
        CanaryPlanner.CompletePromotion(
            ctx,
            $"{st.CanaryVersion} is active and stable; {st.StableVersion} stays at full size for {scaleDownDelaySeconds}s",
            $"{st.CanaryVersion} is active",
            scaleDownDelaySeconds);
    }
}
