using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Kube;

namespace Rollouts.Shipping.Tests.Support;

/// <summary>
/// ModelDeployments in each state the operator reports, built from the API records (operator/Rollouts.Api) so the
/// field names are the ones the operator writes.
/// </summary>
public static class Statuses
{
    /// <summary>A ModelDeployment at <paramref name="generation"/> with <paramref name="status"/> (null: none yet).</summary>
    public static ModelDeployment Object(ModelDeploymentStatus? status, long generation = 3, Dictionary<string, string>? annotations = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "iris", NamespaceProperty = "models", Generation = generation, Annotations = annotations },
        Status = status,
    };

    /// <summary>One condition.</summary>
    public static V1Condition Cond(string type, string status, string reason, string message) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc), ObservedGeneration = 3 };

    /// <summary>Stable v1 serves everything.</summary>
    public static ModelDeploymentStatus Healthy => new()
    {
        ObservedGeneration = 3,
        Phase = RolloutPhase.Healthy,
        StableVersion = "v1",
        Message = "v1 serves 100% of traffic",
        Conditions = [Cond("Available", ConditionStatus.True, "StableAvailable", "v1 available"), Cond("Progressing", ConditionStatus.False, "RolloutCompleted", "done")],
    };

    /// <summary>Canary v2 at 20%, step 1.</summary>
    public static ModelDeploymentStatus Progressing => Healthy with
    {
        Phase = RolloutPhase.Progressing,
        CanaryVersion = "v2",
        CanaryWeight = 20,
        CurrentStepIndex = 1,
        Message = "step 2/5: analysis running",
        Conditions = [Cond("Available", ConditionStatus.True, "StableAvailable", "v1 available"), Cond("Progressing", ConditionStatus.True, "RolloutProgressing", "canary v2")],
    };

    /// <summary>Canary v2 waiting in an indefinite pause step.</summary>
    public static ModelDeploymentStatus Paused => Progressing with
    {
        Phase = RolloutPhase.Paused,
        CurrentStepIndex = 2,
        Message = "step 3/5: paused until promoted",
        Conditions = [Cond("Paused", ConditionStatus.True, "PauseStep", "paused until promoted")],
    };

    /// <summary>Canary v2 paused by the pause action.</summary>
    public static ModelDeploymentStatus ManuallyPaused => Paused with { ManuallyPaused = true, Message = "paused by the pause action" };

    /// <summary>Canary v2 aborted after failed analysis; traffic back on v1.</summary>
    public static ModelDeploymentStatus RolledBack => Healthy with
    {
        Phase = RolloutPhase.Degraded,
        AbortedRevision = "7d9f8c",
        AbortReason = "AnalysisFailed",
        RolledBack = true,
        CanaryWeight = 0,
        Message = "rolled back v2: error-rate 0.31 > 0.05",
        Conditions = [Cond("RolledBack", ConditionStatus.True, "AnalysisFailed", "error-rate 0.31 > 0.05 in 2 of 3 rounds")],
    };

    /// <summary>An invalid spec.</summary>
    public static ModelDeploymentStatus Invalid => Healthy with
    {
        Phase = RolloutPhase.Degraded,
        Message = "spec is invalid",
        Conditions = [Cond("InvalidSpec", ConditionStatus.True, "InvalidAnalysis", "spec.analysis.interval: 'soon' is not a duration")],
    };

    /// <summary>A spec made invalid after a rollback: the rollback's fields and condition are still in status.</summary>
    public static ModelDeploymentStatus InvalidAfterRollback => RolledBack with
    {
        Message = "spec is invalid",
        Conditions = [.. RolledBack.Conditions!, Cond("InvalidSpec", ConditionStatus.True, "InvalidAnalysis", "spec.analysis is required by the analysis steps of spec.strategy")],
    };
}
