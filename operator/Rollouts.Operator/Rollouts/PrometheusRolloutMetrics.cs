using Rollouts.Api.Status;
using Rollouts.Metrics;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// <see cref="IRolloutMetrics"/> on a Rollouts.Metrics registry: <c>rollouts_rollbacks_total{reason}</c>,
/// <c>rollouts_phase{namespace,name,phase}</c> (1 for the current phase, 0 for the others),
/// <c>rollouts_canary_weight{namespace,name}</c> (percent) and <c>rollouts_rollback_traffic_seconds</c> (histogram).
/// </summary>
public sealed class PrometheusRolloutMetrics : IRolloutMetrics
{
    private static readonly RolloutPhase[] Phases = Enum.GetValues<RolloutPhase>();
    private readonly Counter rollbacks;
    private readonly Gauge phase;
    private readonly Gauge weight;
    private readonly Histogram rollbackTraffic;

    /// <summary>Registers the series in <paramref name="registry"/>.</summary>
    public PrometheusRolloutMetrics(MetricRegistry registry)
    {
        rollbacks = registry.Counter("rollouts_rollbacks_total", "Rollouts rolled back, by reason.", "reason");
        phase = registry.Gauge("rollouts_phase", "1 for the current phase of each ModelDeployment, 0 for the others.", "namespace", "name", "phase");
        weight = registry.Gauge("rollouts_canary_weight", "Traffic percentage set on the canary of each ModelDeployment.", "namespace", "name");
        rollbackTraffic = registry.Histogram(
            "rollouts_rollback_traffic_seconds",
            "Seconds from the failing measurement (or the abort) to canary traffic verified at 0.",
            [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]);
    }

    /// <inheritdoc />
    public void Observe(string ns, string name, RolloutPhase current, int canaryWeight)
    {
        foreach (var p in Phases)
        {
            phase.WithLabels(ns, name, p.ToString()).Set(p == current ? 1 : 0);
        }

        weight.WithLabels(ns, name).Set(canaryWeight);
    }

    /// <inheritdoc />
    public void Rollback(string reason, double trafficSeconds)
    {
        rollbacks.WithLabels(reason).Inc();
        rollbackTraffic.Observe(trafficSeconds);
    }

    /// <inheritdoc />
    public void Forget(string ns, string name)
    {
        // The registry cannot drop a child: a deleted ModelDeployment keeps its series at 0.
        foreach (var p in Phases)
        {
            phase.WithLabels(ns, name, p.ToString()).Set(0);
        }

        weight.WithLabels(ns, name).Set(0);
    }
}
