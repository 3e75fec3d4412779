using Rollouts.Api.Status;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// The operator's rollout metrics: <c>rollouts_rollbacks_total{reason}</c>, <c>rollouts_phase{namespace,name,phase}</c>
/// (1 for the current phase, 0 for the others), <c>rollouts_canary_weight{namespace,name}</c> and
/// <c>rollouts_rollback_traffic_seconds</c> (histogram: failing measurement → canary traffic at 0).
/// </summary>
public interface IRolloutMetrics
{
    /// <summary>Records the phase and canary weight of a ModelDeployment after a pass.</summary>
    void Observe(string ns, string name, RolloutPhase phase, int canaryWeight);

    /// <summary>Records a completed rollback.</summary>
    void Rollback(string reason, double trafficSeconds);

    /// <summary>Removes the series of a deleted ModelDeployment (its phase and canary-weight series disappear from the scrape).</summary>
    void Forget(string ns, string name);
}
