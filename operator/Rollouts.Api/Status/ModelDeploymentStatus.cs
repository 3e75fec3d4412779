using System.Text.Json.Serialization;
using Rollouts.Api.Analysis;
using k8s.Models;

namespace Rollouts.Api.Status;

/// <summary>
/// <c>status</c> of a ModelDeployment: what users read (phase, versions, weight, step, conditions, history) and
/// everything the reconciler needs to resume after a restart (revision hashes, step and pause start times, abort state,
/// blue-green switch state). Times are UTC.
/// </summary>
public sealed record ModelDeploymentStatus
{
    /// <summary>Most entries kept in <see cref="History"/>.</summary>
    public const int HistoryLimit = 10;

    /// <summary>metadata.generation of the spec this status reflects.</summary>
    [JsonPropertyName("observedGeneration")] public long? ObservedGeneration { get; init; }

    /// <summary>Overall phase.</summary>
    [JsonPropertyName("phase")] public RolloutPhase? Phase { get; init; }

    /// <summary>Human summary of the current state (e.g. <c>step 2/5: pause 1m20s left</c>).</summary>
    [JsonPropertyName("message")] public string? Message { get; init; }

    /// <summary>Model version of the stable (blue-green: active) revision.</summary>
    [JsonPropertyName("stableVersion")] public string? StableVersion { get; init; }

    /// <summary>Revision hash of the stable revision (Deployment <c>&lt;name&gt;-&lt;hash&gt;</c>).</summary>
    [JsonPropertyName("stableRevision")] public string? StableRevision { get; init; }

    /// <summary>Model version being rolled out (blue-green: the preview), null when none.</summary>
    [JsonPropertyName("canaryVersion")] public string? CanaryVersion { get; init; }

    /// <summary>Revision hash being rolled out, null when none.</summary>
    [JsonPropertyName("canaryRevision")] public string? CanaryRevision { get; init; }

    /// <summary>Traffic percentage currently set on the canary (0–100; blue-green: 0 before the switch, 100 after).</summary>
    [JsonPropertyName("canaryWeight")] public int? CanaryWeight { get; init; }

    /// <summary>Percent of the stable's requests copied to the canary by a shadow step (1–100); null when no shadow is on.</summary>
    [JsonPropertyName("shadowPercent")] public int? ShadowPercent { get; init; }

    /// <summary>The header rule routing a cohort to the canary (a setHeaderRoute step), null when none is in force.</summary>
    [JsonPropertyName("headerRoute")] public Strategy.HeaderRouteStep? HeaderRoute { get; init; }

    /// <summary>Index of the canary step being executed (equal to the step count when all are done); null when not rolling out.</summary>
    [JsonPropertyName("currentStepIndex")] public int? CurrentStepIndex { get; init; }

    /// <summary>When the current step (or blue-green stage) started: the base of pause countdowns and of the progress deadline.</summary>
    [JsonPropertyName("stepStartedAt")] public DateTimeOffset? StepStartedAt { get; init; }

    /// <summary>When a timed pause ends; null when not in a timed pause.</summary>
    [JsonPropertyName("pauseEndsAt")] public DateTimeOffset? PauseEndsAt { get; init; }

    /// <summary>True while paused by the <c>pause</c> action (cleared by <c>resume</c> or <c>promote</c>).</summary>
    [JsonPropertyName("manuallyPaused")] public bool? ManuallyPaused { get; init; }

    /// <summary>Revision hash whose rollout was aborted; it is not retried until the <c>retry</c> action or a spec change.</summary>
    [JsonPropertyName("abortedRevision")] public string? AbortedRevision { get; init; }

    /// <summary>When the abort happened (the canary is scaled down <c>abortScaleDownDelaySeconds</c> later).</summary>
    [JsonPropertyName("abortedAt")] public DateTimeOffset? AbortedAt { get; init; }

    /// <summary>Why the rollout was aborted (condition RolledBack reason), e.g. <c>AnalysisFailed</c>.</summary>
    [JsonPropertyName("abortReason")] public string? AbortReason { get; init; }

    /// <summary>Why the rollout was aborted, in words (the RolledBack condition's message).</summary>
    [JsonPropertyName("abortMessage")] public string? AbortMessage { get; init; }

    /// <summary>True once traffic went back to stable (router weight 0 verified) after an abort.</summary>
    [JsonPropertyName("rolledBack")] public bool? RolledBack { get; init; }

    /// <summary>Blue-green: when the active Service switched to the new revision.</summary>
    [JsonPropertyName("switchedAt")] public DateTimeOffset? SwitchedAt { get; init; }

    /// <summary>The stable revision before the last promotion (blue-green: the active one before the switch), kept at full size until <see cref="ScaleDownAt"/>.</summary>
    [JsonPropertyName("previousRevision")] public string? PreviousRevision { get; init; }

    /// <summary>The model version of <see cref="PreviousRevision"/>.</summary>
    [JsonPropertyName("previousVersion")] public string? PreviousVersion { get; init; }

    /// <summary>
    /// When the canary (blue-green: the preview, or the new active while the previous revision is kept) first had fewer
    /// available replicas than its step needs, after it had been ready; null while it has them. The rollout is rolled
    /// back once this is progressDeadlineSeconds old.
    /// </summary>
    [JsonPropertyName("canaryUnavailableSince")] public DateTimeOffset? CanaryUnavailableSince { get; init; }

    /// <summary>When the previous (or aborted) revision is scaled down.</summary>
    [JsonPropertyName("scaleDownAt")] public DateTimeOffset? ScaleDownAt { get; init; }

    /// <summary>The analysis run of the current step or stage (seams §8); null when none runs.</summary>
    [JsonPropertyName("analysis")] public AnalysisRunStatus? Analysis { get; init; }

    /// <summary>Conditions: Available, Progressing, Paused, RolledBack, InvalidSpec.</summary>
    [JsonPropertyName("conditions")] public List<V1Condition>? Conditions { get; init; }

    /// <summary>Finished rollouts, newest first, at most <see cref="HistoryLimit"/>.</summary>
    [JsonPropertyName("history")] public List<HistoryEntry>? History { get; init; }
}
