using Microsoft.Extensions.Time.Testing;
using Rollouts.Serving.Batching;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Metrics;
using Rollouts.Serving.Onnx;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Tests;

/// <summary>The batcher over a real session: merged Runs, a failed merged Run reported to each request, the inline fast path.</summary>
public sealed class DynamicBatcherTests
{
    [Fact]
    public async Task A_failed_merged_run_fails_every_request_in_it_while_the_good_row_alone_succeeds()
    {
        using var session = OnnxSession.Load(File.ReadAllBytes(TestModels.Sample("iris-broken")), new SessionSettings(1));
        var rows = IrisData.Rows();
        var good = rows.First(r => Runs(session, r.Features)).Features;
        var bad = rows.First(r => !Runs(session, r.Features)).Features;

        var executor = new ModelExecutor(session, new RecordingMetrics(), null, TimeProvider.System);
        await using var batcher = new DynamicBatcher(executor, 8, TimeSpan.FromSeconds(5));

        // Announce three arrivals so the worker waits for all of them, then queue them.
        batcher.ArrivalStarted();
        batcher.ArrivalStarted();
        batcher.ArrivalStarted();
        var tasks = new[] { good, bad, good }.Select(f =>
        {
            var task = batcher.EnqueueAsync(Request(f));
            batcher.ArrivalEnded();
            return task;
        }).ToArray();
        var outcomes = await Task.WhenAll(tasks);
        outcomes.ShouldAllBe(o => o.Error != null && o.Error.Contains("ONNX Runtime"));

        var alone = await batcher.EnqueueAsync(Request(good));
        alone.Error.ShouldBeNull();
        alone.Outputs![0].Shape.ShouldBe([1L]);
    }

    [Fact]
    public async Task Merged_requests_get_their_own_rows()
    {
        using var session = OnnxSession.Load(File.ReadAllBytes(TestModels.Sample("iris-v2")), new SessionSettings(1));
        var metrics = new RecordingMetrics();
        var executor = new ModelExecutor(session, metrics, null, TimeProvider.System);
        await using var batcher = new DynamicBatcher(executor, 16, TimeSpan.FromSeconds(5));
        var rows = IrisData.Rows().Take(5).ToList();
        foreach (var _ in rows)
        {
            batcher.ArrivalStarted();
        }

        var tasks = rows.Select(r =>
        {
            var task = batcher.EnqueueAsync(Request(r.Features));
            batcher.ArrivalEnded();
            return task;
        }).ToArray();
        var outcomes = await Task.WhenAll(tasks);
        metrics.Batches.ShouldContain(5L);
        for (var i = 0; i < rows.Count; i++)
        {
            outcomes[i].RowStart.ShouldBe(i);
            outcomes[i].Rows.ShouldBe(1);
            var alone = session.Run([Tensor.Create("input", [1, 4], rows[i].Features)]);
            ((long[])outcomes[i].Outputs![0].Data)[i].ShouldBe(((long[])alone[0].Data)[0]);
        }
    }

    [Fact]
    public async Task A_request_with_nothing_to_merge_with_runs_at_once_on_the_calling_thread_and_one_that_others_may_join_waits_for_them()
    {
        using var session = OnnxSession.Load(File.ReadAllBytes(TestModels.Sample("iris-v2")), new SessionSettings(1));
        var metrics = new RecordingMetrics();
        var executor = new ModelExecutor(session, metrics, null, TimeProvider.System);
        await using var batcher = new DynamicBatcher(executor, 16, TimeSpan.FromSeconds(30));
        var rows = IrisData.Rows().Take(2).ToList();

        var lone = batcher.EnqueueAsync(Request(rows[0].Features));
        lone.IsCompleted.ShouldBeTrue("nothing to merge with: the Run happened inside EnqueueAsync");
        (await lone).Outputs![0].Shape.ShouldBe([1L]);

        // Another request is being read: this one is queued for the worker, which waits for the other.
        batcher.ArrivalStarted();
        var first = batcher.EnqueueAsync(Request(rows[0].Features));
        first.IsCompleted.ShouldBeFalse();
        var second = batcher.EnqueueAsync(Request(rows[1].Features));
        batcher.ArrivalEnded();
        var outcomes = await Task.WhenAll(first, second);
        outcomes.Select(o => o.RowStart).ShouldBe([0L, 1L]);
        metrics.Batches.ShouldContain(2L);
    }

    [Fact]
    public async Task A_queued_request_runs_as_soon_as_the_last_request_being_read_gives_up_not_after_the_delay()
    {
        using var session = OnnxSession.Load(File.ReadAllBytes(TestModels.Sample("iris-v2")), new SessionSettings(1));
        var metrics = new RecordingMetrics();

        // A frozen clock: the worker's delay never runs out, so only a wake-up from ArrivalEnded can start the Run.
        var executor = new ModelExecutor(session, metrics, null, new FakeTimeProvider());
        await using var batcher = new DynamicBatcher(executor, 16, TimeSpan.FromSeconds(30));
        var row = IrisData.Rows().First().Features;

        batcher.ArrivalStarted(); // this request
        batcher.ArrivalStarted(); // another one being read, which will give up (a bad body, a closed connection)
        var queued = batcher.EnqueueAsync(Request(row));
        batcher.ArrivalEnded();
        queued.IsCompleted.ShouldBeFalse("another request is still being read: the worker waits for it");
        await Task.Delay(300); // let the worker reach its wait (with the fix the test passes either way)
        queued.IsCompleted.ShouldBeFalse();

        batcher.ArrivalEnded(); // the other gives up: nothing more is coming
        var outcome = await queued.WaitAsync(TimeSpan.FromSeconds(20));
        outcome.Error.ShouldBeNull();
        metrics.Batches.ShouldContain(1L);
    }

    private static ValidatedRequest Request(float[] features) =>
        new(null, [Tensor.Create("input", [1, 4], (float[])features.Clone())], [0, 1], 1);

    private static bool Runs(OnnxSession session, float[] features)
    {
        try
        {
            session.Run([Tensor.Create("input", [1, 4], features)]);
            return true;
        }
        catch (OnnxRuntimeFailure)
        {
            return false;
        }
    }

    private sealed class RecordingMetrics : IServingMetrics
    {
        public System.Collections.Concurrent.ConcurrentBag<long> Batches { get; } = [];

        public void RequestFinished(int statusCode, double seconds)
        {
        }

        public void InFlight(int delta)
        {
        }

        public void Queued(double seconds)
        {
        }

        public void Computed(long rows, double seconds) => Batches.Add(rows);

        public void ModelLoaded(double seconds, string runtimeVersion)
        {
        }

        public void Rejected(RejectionReason reason)
        {
        }

        public void QueueDepth(int delta)
        {
        }

        public void Feedback(string predictionRevision, Rollouts.Serving.Feedback.FeedbackOutcome outcome, int labels)
        {
        }

        public void FeedbackDelay(double seconds)
        {
        }

        public void ShadowCompared(string candidateRevision, Rollouts.Serving.Shadow.ShadowOutcome outcome)
        {
        }

        public void ShadowDropped(string candidateRevision, Rollouts.Serving.Shadow.ShadowDrop reason)
        {
        }

        public void ShadowDifference(string candidateRevision, double difference)
        {
        }
    }
}
