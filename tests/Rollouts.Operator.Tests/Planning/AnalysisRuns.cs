using Rollouts.Api.Analysis;
using Rollouts.Operator.Planning;

namespace Rollouts.Operator.Tests.Planning;

/// <summary>Scripted analysis runs for planner tests.</summary>
public static class AnalysisRuns
{
    public static AnalysisRunStatus Run(AnalysisDemand d, AnalysisPhase phase, DateTimeOffset now, string message = "") => new()
    {
        Phase = phase,
        Purpose = d.Purpose,
        TargetVersion = d.Version,
        TargetRevision = d.Revision,
        StartedAt = now,
        NextMeasurementAt = phase == AnalysisPhase.Running ? now.AddSeconds(1) : null,
        Message = message,
        FailedRounds = phase == AnalysisPhase.Failed ? 2 : 0,
        Checks = phase == AnalysisPhase.Failed
            ? [new AnalysisCheckStatus { Name = "errorRate", Failures = 2, Measurements = [new AnalysisMeasurement { Time = now.AddSeconds(-3), Value = 0.5, Verdict = MeasurementVerdict.Failed, Query = "q", Message = message }] }]
            : [],
    };
}
