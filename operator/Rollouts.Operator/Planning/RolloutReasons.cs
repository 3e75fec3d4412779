namespace Rollouts.Operator.Planning;

/// <summary>Reasons of Events and conditions (CamelCase constants, as <c>kubectl describe</c> shows them).</summary>
public static class RolloutReasons
{
    /// <summary>A rollout of a new revision started.</summary>
    public const string RolloutStarted = "RolloutStarted";
    /// <summary>A canary step or blue-green stage finished.</summary>
    public const string StepCompleted = "StepCompleted";
    /// <summary>The canary weight was set and verified.</summary>
    public const string WeightSet = "WeightSet";
    /// <summary>A shadow step started: the stable's pods copy a share of their requests to the canary (weight 0).</summary>
    public const string ShadowStarted = "ShadowStarted";
    /// <summary>Shadowing stopped (the next setWeight, promotion, abort, rollback or a superseding edit).</summary>
    public const string ShadowStopped = "ShadowStopped";
    /// <summary>A setHeaderRoute step put a header rule to the canary on the HTTPRoute.</summary>
    public const string HeaderRouteSet = "HeaderRouteSet";
    /// <summary>The header rule to the canary was removed (a setHeaderRoute without value, or the rollout ended).</summary>
    public const string HeaderRouteRemoved = "HeaderRouteRemoved";
    /// <summary>An analysis run succeeded (its step, if any, completes with a <see cref="StepCompleted"/> of its own).</summary>
    public const string AnalysisSuccessful = "AnalysisSuccessful";
    /// <summary>An analysis run failed.</summary>
    public const string AnalysisFailed = "AnalysisFailed";
    /// <summary>An analysis run ended in Error (too many Prometheus errors in a row).</summary>
    public const string AnalysisError = "AnalysisError";
    /// <summary>An analysis run was inconclusive: paused.</summary>
    public const string AnalysisInconclusive = "AnalysisInconclusive";
    /// <summary>The rollout was aborted (by a user, an analysis or the deadline).</summary>
    public const string RolloutAborted = "RolloutAborted";
    /// <summary>Traffic is back on stable after an abort.</summary>
    public const string RolledBack = "RolledBack";
    /// <summary>The new revision did not become available in time.</summary>
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    /// <summary>The canary (blue-green: preview or new active) lost available replicas for progressDeadlineSeconds after it was ready.</summary>
    public const string CanaryUnavailable = "CanaryUnavailable";
    /// <summary>A promote action was applied (or blue-green switched the active Service).</summary>
    public const string Promoted = "Promoted";
    /// <summary>A promote was refused (analysis failing: use promote-full).</summary>
    public const string PromoteRefused = "PromoteRefused";
    /// <summary>The new revision became stable.</summary>
    public const string RolloutCompleted = "RolloutCompleted";
    /// <summary>A newer spec replaced the rollout in flight.</summary>
    public const string RolloutSuperseded = "RolloutSuperseded";
    /// <summary>The spec went back to the stable revision: the rollout in flight was cancelled.</summary>
    public const string RolloutCancelled = "RolloutCancelled";
    /// <summary>An aborted rollout was retried.</summary>
    public const string RolloutRetried = "RolloutRetried";
    /// <summary>Paused by the pause action.</summary>
    public const string RolloutPaused = "RolloutPaused";
    /// <summary>Resumed by the resume action.</summary>
    public const string RolloutResumed = "RolloutResumed";
    /// <summary>The spec cannot be used.</summary>
    public const string InvalidSpec = "InvalidSpec";
    /// <summary>The action annotation held an unknown or inapplicable value.</summary>
    public const string UnknownAction = "UnknownAction";
    /// <summary>A pause step waits (timed or for promote).</summary>
    public const string PauseStep = "PauseStep";
    /// <summary>Paused by a person.</summary>
    public const string ManualPause = "ManualPause";
    /// <summary>Blue-green waits for promotion.</summary>
    public const string AwaitingPromotion = "AwaitingPromotion";
    /// <summary>The stable revision has all its replicas available.</summary>
    public const string StableAvailable = "StableAvailable";
    /// <summary>The stable revision lacks available replicas.</summary>
    public const string StableUnavailable = "StableUnavailable";
    /// <summary>A rollout is under way.</summary>
    public const string RolloutInProgress = "RolloutInProgress";
    /// <summary>Nothing to roll out.</summary>
    public const string NoRollout = "NoRollout";
    /// <summary>Not paused.</summary>
    public const string NotPaused = "NotPaused";
    /// <summary>The spec is valid.</summary>
    public const string ValidSpec = "ValidSpec";
    /// <summary>An old revision was scaled down after its delay.</summary>
    public const string ScaledDown = "ScaledDown";
}
