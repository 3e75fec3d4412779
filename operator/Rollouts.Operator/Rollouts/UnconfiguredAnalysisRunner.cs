using Rollouts.Analysis;
using Rollouts.Api.Analysis;

namespace Rollouts.Operator.Rollouts;

/// <summary>Used when the operator runs without <c>--prometheus-url</c>: every analysis run ends in Error saying so.</summary>
public sealed class UnconfiguredAnalysisRunner(TimeProvider time) : IAnalysisRunner
{
    /// <inheritdoc />
    public Task<AnalysisRunStatus> AdvanceAsync(AnalysisTarget target, AnalysisSpec spec, AnalysisRunStatus? current, CancellationToken ct) =>
        Task.FromResult(new AnalysisRunStatus
        {
            Phase = AnalysisPhase.Error,
            Purpose = target.Purpose,
            TargetVersion = target.Version,
            TargetRevision = target.Revision,
            StartedAt = current?.StartedAt ?? time.GetUtcNow(),
            Message = "the operator was started without --prometheus-url: analysis cannot run",
        });
}
