using System.Collections.Concurrent;
using Rollouts.Analysis;
using Rollouts.Api.Analysis;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>
/// The analysis boundary for reconciler tests (Prometheus is tested by the analysis engineer): each run is Running
/// for its first call, then ends with the verdict <see cref="Verdict"/> gives for its target.
/// </summary>
public sealed class ScriptedAnalysisRunner(TimeProvider time) : IAnalysisRunner
{
    public Func<AnalysisTarget, AnalysisPhase> Verdict { get; set; } = _ => AnalysisPhase.Successful;

    public ConcurrentQueue<AnalysisTarget> Calls { get; } = new();

    public Task<AnalysisRunStatus> AdvanceAsync(AnalysisTarget target, AnalysisSpec spec, AnalysisRunStatus? current, CancellationToken ct)
    {
        Calls.Enqueue(target);
        var now = time.GetUtcNow();
        if (current is null)
        {
            return Task.FromResult(new AnalysisRunStatus
            {
                Phase = AnalysisPhase.Running,
                Purpose = target.Purpose,
                TargetVersion = target.Version,
                StartedAt = now,
                NextMeasurementAt = now.AddMilliseconds(300),
                Message = "first round pending",
            });
        }

        if (current.Phase != AnalysisPhase.Running)
        {
            return Task.FromResult(current);
        }

        var phase = Verdict(target);
        var failed = phase == AnalysisPhase.Failed;
        return Task.FromResult(current with
        {
            Phase = phase,
            NextMeasurementAt = phase == AnalysisPhase.Running ? now.AddMilliseconds(300) : null,
            Rounds = current.Rounds + 1,
            FailedRounds = failed ? 2 : 0,
            Message = failed ? "errorRate 0.5 > max 0.01" : $"{phase}",
            Checks = failed
                ? [new AnalysisCheckStatus { Name = "errorRate", Failures = 2, Measurements = [new AnalysisMeasurement { Time = now, Value = 0.5, Verdict = MeasurementVerdict.Failed, Query = "q", Message = "errorRate 0.5 > max 0.01" }] }]
                : [],
        });
    }
}
