using Rollouts.Api.Status;

namespace Rollouts.Operator.Rollouts;

/// <summary>Drops every measurement.</summary>
public sealed class NullRolloutMetrics : IRolloutMetrics
{
    /// <summary>The shared instance.</summary>
    public static readonly NullRolloutMetrics Instance = new();

    /// <inheritdoc />
    public void Observe(string ns, string name, RolloutPhase phase, int canaryWeight)
    {
    }

    /// <inheritdoc />
    public void Rollback(string reason, double trafficSeconds)
    {
    }

    /// <inheritdoc />
    public void Forget(string ns, string name)
    {
    }
}
