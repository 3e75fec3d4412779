namespace Rollouts.Operator.Planning;

/// <summary>A completed rollback, for the operator's metrics.</summary>
/// <param name="Reason">Why (a <see cref="RolloutReasons"/> constant).</param>
/// <param name="TrafficSeconds">Seconds from the failing measurement (or the abort) to canary traffic verified at 0.</param>
public sealed record RollbackRecord(string Reason, double TrafficSeconds);
