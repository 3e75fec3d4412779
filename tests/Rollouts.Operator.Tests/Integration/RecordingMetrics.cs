using System.Collections.Concurrent;
using Rollouts.Api.Status;
using Rollouts.Operator.Rollouts;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>Keeps what the reconciler reports.</summary>
public sealed class RecordingMetrics : IRolloutMetrics
{
    public ConcurrentQueue<(string Reason, double Seconds)> Rollbacks { get; } = new();

    public void Observe(string ns, string name, RolloutPhase phase, int canaryWeight)
    {
    }

    public void Rollback(string reason, double trafficSeconds) => Rollbacks.Enqueue((reason, trafficSeconds));

    public void Forget(string ns, string name)
    {
    }
}
