using Prometheus;
using Rollouts.Api.Status;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// <see cref="IRolloutMetrics"/> on a prometheus-net <see cref="CollectorRegistry"/>: <c>rollouts_rollbacks_total{reason}</c>,
/// <c>rollouts_phase{namespace,name,phase}</c> (1 for the current phase, 0 for the others),
/// <c>rollouts_canary_weight{namespace,name}</c> (percent) and <c>rollouts_rollback_traffic_seconds</c> (histogram).
/// The per-ModelDeployment series are removed when the ModelDeployment is deleted (<see cref="Forget"/>).
/// </summary>
public sealed class PrometheusRolloutMetrics : IRolloutMetrics
{
    private static readonly string[] Phases = Enum.GetNames<RolloutPhase>();
    private readonly Counter rollbacks;
    private readonly Gauge phase;
    private readonly Gauge weight;
    private readonly Histogram rollbackTraffic;

    /// <summary>Registers the series in <paramref name="registry"/>.</summary>
    public PrometheusRolloutMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        rollbacks = factory.CreateCounter("rollouts_rollbacks_total", "Rollouts rolled back, by reason.", ["reason"]);
        phase = factory.CreateGauge("rollouts_phase", "1 for the current phase of each ModelDeployment, 0 for the others.", ["namespace", "name", "phase"]);
        weight = factory.CreateGauge("rollouts_canary_weight", "Traffic percentage set on the canary of each ModelDeployment.", ["namespace", "name"]);
        rollbackTraffic = factory.CreateHistogram(
            "rollouts_rollback_traffic_seconds",
            "Seconds from the failing measurement (or the abort) to canary traffic verified at 0.",
            new HistogramConfiguration { Buckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
    }

    /// <inheritdoc />
    public void Observe(string ns, string name, RolloutPhase current, int canaryWeight)
    {
        var now = current.ToString();
        foreach (var p in Phases)
        {
            phase.WithLabels(ns, name, p).Set(p == now ? 1 : 0);
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
        foreach (var p in Phases)
        {
            phase.RemoveLabelled(ns, name, p);
        }

        weight.RemoveLabelled(ns, name);
    }
}
