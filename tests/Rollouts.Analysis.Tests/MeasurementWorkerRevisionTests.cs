using Microsoft.Extensions.Time.Testing;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis.Tests;

/// <summary>
/// The measurement worker's store is per revision: a round measured for one revision is never handed to a run of
/// another revision with the same version string and purpose (issue 12 item 2).
/// </summary>
public sealed class MeasurementWorkerRevisionTests
{
    private sealed class EchoRunner : IAnalysisRunner
    {
        public Task<AnalysisRunStatus> AdvanceAsync(AnalysisTarget target, AnalysisSpec spec, AnalysisRunStatus? current, CancellationToken ct) =>
            Task.FromResult(new AnalysisRunStatus { Phase = AnalysisPhase.Successful, Rounds = 1, Purpose = target.Purpose, TargetVersion = target.Version, Message = $"measured {target.Revision}" });
    }

    [Fact]
    public async Task A_result_of_one_revision_is_not_returned_for_another_revision_of_the_same_version()
    {
        var completed = new TaskCompletionSource<AnalysisTarget>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var worker = new MeasurementWorker(new EchoRunner(), new FakeTimeProvider(), TimeSpan.FromSeconds(30), 4, t => completed.TrySetResult(t));
        var first = new AnalysisTarget("team-a", "iris", "iris", "2.0.0", "1.0.0", "canary step 1", "aaaaaaaa01", "5ab1e00001");
        var spec = new AnalysisSpec { ErrorRate = new ErrorRateCheck { Max = 0.05 } };

        (await worker.AdvanceAsync(first, spec, null, CancellationToken.None)).Message.ShouldBe(MeasurementWorker.PendingMessage);
        (await completed.Task.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBe(first);

        var second = first with { Revision = "bbbbbbbb02" };
        (await worker.AdvanceAsync(second, spec, null, CancellationToken.None)).Message.ShouldBe(MeasurementWorker.PendingMessage);
        (await worker.AdvanceAsync(first, spec, null, CancellationToken.None)).Message.ShouldBe("measured aaaaaaaa01");
    }
}
