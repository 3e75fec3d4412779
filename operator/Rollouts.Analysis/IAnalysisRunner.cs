using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>Advances an analysis run (seams §8).</summary>
public interface IAnalysisRunner
{
    /// <summary>
    /// Takes one measurement round if one is due (after initialDelay, then every interval), folds it into the status
    /// and returns the new status; returns <paramref name="current"/> unchanged when nothing is due or the run is
    /// terminal. A <paramref name="current"/> for another version or purpose (or null) starts a new run.
    /// <see cref="AnalysisRunStatus.NextMeasurementAt"/> says when to call again. Never throws for Prometheus failures
    /// (they are Error measurements); an invalid spec gives an Error run naming the problems (without rounds; a
    /// terminal verdict already reached for the same run is returned as it is).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    Task<AnalysisRunStatus> AdvanceAsync(AnalysisTarget target, AnalysisSpec spec, AnalysisRunStatus? current, CancellationToken ct);
}
