using Rollouts.Api;
using Rollouts.Api.Status;

namespace Rollouts.Kubectl.Rendering;

/// <summary>Where a rollout stands for someone waiting on it (<c>status --timeout</c>).</summary>
internal enum RolloutOutcome
{
    /// <summary>Not finished: no status yet, the operator has not observed the latest spec, or a rollout is under way or paused.</summary>
    Running,

    /// <summary>The operator observed the latest spec and reports Healthy.</summary>
    Healthy,

    /// <summary>The operator observed the latest spec and reports Degraded (rolled back, invalid spec, stable unavailable).</summary>
    Degraded,
}

/// <summary>Pure evaluation of a ModelDeployment into a <see cref="RolloutOutcome"/>.</summary>
internal static class RolloutOutcomes
{
    /// <summary>Healthy or Degraded only when <c>status.observedGeneration</c> ≥ <c>metadata.generation</c>; else Running.</summary>
    public static RolloutOutcome Of(ModelDeployment md)
    {
        var status = md.Status;
        if (status is null || (md.Metadata.Generation is { } generation && (status.ObservedGeneration ?? 0) < generation))
        {
            return RolloutOutcome.Running;
        }

        return status.Phase switch
        {
            RolloutPhase.Healthy => RolloutOutcome.Healthy,
            RolloutPhase.Degraded => RolloutOutcome.Degraded,
            _ => RolloutOutcome.Running,
        };
    }
}
