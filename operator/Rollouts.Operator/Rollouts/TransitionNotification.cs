using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Notifications;
using Rollouts.Operator.Planning;

namespace Rollouts.Operator.Rollouts;

/// <summary>A rollout's transition as it is told to the notification sinks (Slack, webhooks; see Rollouts.Notifications).</summary>
public static class TransitionNotification
{
    /// <summary>The transition <paramref name="e"/> of <paramref name="mdep"/> with the status just written (pure).</summary>
    /// <param name="mdep">The ModelDeployment (namespace, name, model name, strategy).</param>
    /// <param name="status">The status written in the pass that recorded <paramref name="e"/>.</param>
    /// <param name="e">The event recorded.</param>
    /// <param name="now">When it was recorded (UTC).</param>
    public static RolloutNotification Of(ModelDeployment mdep, ModelDeploymentStatus status, RolloutEvent e, DateTimeOffset now) => new(
        e.Reason,
        e.Warning,
        mdep.Metadata.NamespaceProperty ?? "",
        mdep.Metadata.Name,
        mdep.Spec?.Model?.Name ?? "",
        status.StableVersion,
        status.CanaryVersion,
        status.StableRevision,
        status.CanaryRevision,
        status.CanaryWeight,
        mdep.Spec?.Strategy?.Canary is null ? null : status.CurrentStepIndex,
        (status.Phase ?? RolloutPhase.Pending).ToString(),
        e.Message,
        now);
}
