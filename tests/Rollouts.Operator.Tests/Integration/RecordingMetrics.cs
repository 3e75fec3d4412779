using System.Collections.Concurrent;
using Prometheus;
using Rollouts.Api.Status;
using Rollouts.Operator.Rollouts;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>The operator's real rollout metrics on a registry of the test's own, keeping the rollbacks reported for assertions.</summary>
public sealed class RecordingMetrics : IRolloutMetrics
{
    private readonly PrometheusRolloutMetrics inner;

    public RecordingMetrics() => inner = new PrometheusRolloutMetrics(Registry);

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public ConcurrentQueue<(string Reason, double Seconds)> Rollbacks { get; } = new();

    public void Observe(string ns, string name, RolloutPhase phase, int canaryWeight) => inner.Observe(ns, name, phase, canaryWeight);

    public void Rollback(string reason, double trafficSeconds)
    {
        Rollbacks.Enqueue((reason, trafficSeconds));
        inner.Rollback(reason, trafficSeconds);
    }

    public void Forget(string ns, string name) => inner.Forget(ns, name);
}
