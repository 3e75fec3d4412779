using System.Threading.Channels;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Batching;

/// <summary>
/// Dynamic batching: requests for the model go into a channel; one dedicated worker thread takes what is queued, groups
/// requests whose inputs agree on every dim after the first, concatenates each group along dim 0 (at most
/// <c>maxBatchSize</c> rows), runs it once, and hands each request its own rows of the outputs.
/// The worker waits for more requests at most <c>maxDelay</c> after the oldest queued request arrived, and only while
/// other infer requests are still being read (so a lone client is never delayed). A failed merged Run is reported to
/// every request in it; a Run whose outputs do not keep the batch dim is redone request by request.
/// The worker is an OS thread blocked on an event rather than a thread-pool continuation, so it is not queued behind
/// the HTTP work it is meant to serve; it sleeps whole milliseconds and yields the CPU for the last sub-millisecond
/// part of a wait (event timeouts have millisecond resolution). With a <see cref="RequestQueue"/>, a request enters it
/// before it is written to the channel and leaves when the worker takes it; a full queue refuses at once.
/// Fast path: a request that finds nothing to merge with (no other infer request being read, none queued, the worker
/// idle) runs at once on the calling thread, as an unbatched request would, instead of waking the worker and coming
/// back through the thread pool: at concurrency 1 that saves two thread hand-offs per request, which on a busy machine
/// are where the latency tail came from (each waits for a CPU). Requests that arrive while it runs queue as usual.
/// </summary>
public sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly Channel<BatchItem> channel = Channel.CreateUnbounded<BatchItem>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);

    private readonly ManualResetEventSlim available = new(false, spinCount: 0);
    private readonly ModelExecutor executor;
    private readonly int maxBatchSize;
    private readonly TimeSpan maxDelay;
    private readonly Thread worker;
    private readonly RequestQueue? queue;
    private int arriving;
    private int pending;
    private volatile bool stopping;

    /// <summary>Starts the worker thread.</summary>
    /// <param name="executor">Runs the session.</param>
    /// <param name="maxBatchSize">Most rows per merged Run.</param>
    /// <param name="maxDelay">Longest wait for more requests after the oldest queued one.</param>
    /// <param name="queue">The bound on queued requests; null for none (nothing counted).</param>
    public DynamicBatcher(ModelExecutor executor, int maxBatchSize, TimeSpan maxDelay, RequestQueue? queue = null)
    {
        this.queue = queue;
        this.executor = executor;
        this.maxBatchSize = maxBatchSize;
        this.maxDelay = maxDelay;
        worker = new Thread(RunLoop) { IsBackground = true, Name = "inference-batcher" };
        worker.Start();
    }

    /// <summary>Marks an infer request as being read (the worker may wait for it); pair with <see cref="ArrivalEnded"/>.</summary>
    public void ArrivalStarted() => Interlocked.Increment(ref arriving);

    /// <summary>
    /// Marks a request as read (its body parsed, or reading failed); it is queued, if at all, after this. When it was the
    /// last one being read and requests are queued, wakes the worker, which otherwise waits out its delay for a request
    /// that is no longer coming.
    /// </summary>
    public void ArrivalEnded()
    {
        if (Interlocked.Decrement(ref arriving) == 0 && Volatile.Read(ref pending) > 0)
        {
            available.Set();
        }
    }

    /// <summary>
    /// Queues a mergeable request; the task completes with its own rows of the merged outputs, or at once with
    /// <see cref="InferenceOutcome.QueueFull"/> when the queue is full.
    /// </summary>
    public Task<InferenceOutcome> EnqueueAsync(ValidatedRequest request)
    {
        if (queue is not null && !queue.TryEnter())
        {
            return Task.FromResult(InferenceOutcome.QueueFull(queue.Limit, queue.EstimatedWait()));
        }

        if (!stopping && Volatile.Read(ref arriving) == 0 && Interlocked.CompareExchange(ref pending, 1, 0) == 0)
        {
            try
            {
                return Task.FromResult(RunInline(request));
            }
            finally
            {
                Interlocked.Decrement(ref pending);
            }
        }

        Interlocked.Increment(ref pending);
        var item = new BatchItem(request, executor.Time.GetTimestamp());
        if (!channel.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref pending);
            queue?.Leave();
            return Task.FromResult(InferenceOutcome.ShuttingDown);
        }

        available.Set();
        return item.Completion.Task;
    }

    /// <summary>Stops taking requests, lets the worker finish the queued ones, and waits for it (at most 10 s).</summary>
    public async ValueTask DisposeAsync()
    {
        stopping = true;
        channel.Writer.TryComplete();
        available.Set();
        var stopped = await Task.Run(() => worker.Join(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        if (stopped)
        {
            available.Dispose();
        }
    }

    private void RunLoop()
    {
        var reader = channel.Reader;
        var groups = new List<BatchGroup>();
        var spare = new Stack<BatchGroup>();
        while (true)
        {
            available.Reset();
            long oldest = 0;
            var rows = Drain(reader, groups, spare, 0, ref oldest);
            if (groups.Count == 0)
            {
                if (reader.Completion.IsCompleted)
                {
                    return;
                }

                available.Wait();
                continue;
            }

            while (rows < maxBatchSize && Volatile.Read(ref arriving) > 0)
            {
                var remaining = maxDelay - executor.Time.GetElapsedTime(oldest);
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                available.Reset();
                if (Volatile.Read(ref arriving) == 0)
                {
                    break; // the last arrival ended between the check above and the Reset: its wake-up was just cleared
                }

                var before = rows;
                rows = Drain(reader, groups, spare, rows, ref oldest);
                if (rows != before)
                {
                    continue;
                }

                if (remaining >= OneMillisecond)
                {
                    // Event timeouts have millisecond resolution: sleep whole milliseconds, never past the deadline.
                    available.Wait((int)remaining.TotalMilliseconds);
                }
                else
                {
                    // Below a millisecond, give the CPU to whoever is reading the next request and look again.
                    Thread.Yield();
                }
            }

            if (rows < maxBatchSize)
            {
                rows = Drain(reader, groups, spare, rows, ref oldest);
            }

            foreach (var group in groups)
            {
                try
                {
                    RunGroup(group);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A bug here must fail these requests, not kill the worker (and with it the process).
                    foreach (var item in group.Items)
                    {
                        item.Completion.TrySetResult(InferenceOutcome.Failed($"internal error while batching: {e.Message}"));
                    }
                }

                Interlocked.Add(ref pending, -group.Items.Count);
                group.Clear();
                spare.Push(group);
            }

            groups.Clear();
        }
    }

    /// <summary>The fast path: the request's Run on the calling thread (taken from the queue at once, as the worker would).</summary>
    private InferenceOutcome RunInline(ValidatedRequest request)
    {
        queue?.Leave();
        executor.Metrics.Queued(0);
        var time = executor.Time;
        var start = time.GetTimestamp();
        var outcome = executor.Execute(request.Inputs, request.Rows, out var outputs);
        queue?.Served(1, time.GetElapsedTime(start).TotalSeconds);
        if (outputs is not null)
        {
            executor.ObserveDrift(request.Inputs, outputs);
        }

        return outcome;
    }

    private long Drain(ChannelReader<BatchItem> reader, List<BatchGroup> groups, Stack<BatchGroup> spare, long rows, ref long oldest)
    {
        while (rows < maxBatchSize && reader.TryRead(out var item))
        {
            queue?.Leave();
            if (groups.Count == 0)
            {
                oldest = item.EnqueuedTimestamp;
            }

            BatchGroup? target = null;
            foreach (var group in groups)
            {
                if (group.Rows + item.Request.Rows <= maxBatchSize && group.Items[0].FitsWith(item))
                {
                    target = group;
                    break;
                }
            }

            if (target is null)
            {
                target = spare.Count > 0 ? spare.Pop() : new BatchGroup();
                groups.Add(target);
            }

            target.Add(item);
            rows += item.Request.Rows;
        }

        return rows;
    }

    private void RunGroup(BatchGroup group)
    {
        var items = group.Items;
        var time = executor.Time;
        var start = time.GetTimestamp();
        foreach (var item in items)
        {
            executor.Metrics.Queued(time.GetElapsedTime(item.EnqueuedTimestamp, start).TotalSeconds);
        }

        if (items.Count == 1)
        {
            var only = items[0];
            var outcome = executor.Execute(only.Request.Inputs, only.Request.Rows, out var outputs);
            queue?.Served(1, time.GetElapsedTime(start).TotalSeconds);
            only.Completion.TrySetResult(outcome);
            if (outputs is not null)
            {
                executor.ObserveDrift(only.Request.Inputs, outputs);
            }

            return;
        }

        var merged = Merge(items);
        var result = executor.Execute(merged, group.Rows, out var mergedOutputs);
        queue?.Served(items.Count, time.GetElapsedTime(start).TotalSeconds);
        if (mergedOutputs is null)
        {
            foreach (var item in items)
            {
                item.Completion.TrySetResult(result);
            }

            return;
        }

        if (!KeepsBatchDim(mergedOutputs, group.Rows))
        {
            foreach (var item in items)
            {
                var alone = executor.Execute(item.Request.Inputs, item.Request.Rows, out _);
                item.Completion.TrySetResult(alone);
            }

            return;
        }

        long offset = 0;
        foreach (var item in items)
        {
            item.Completion.TrySetResult(new InferenceOutcome(mergedOutputs, offset, item.Request.Rows, null));
            offset += item.Request.Rows;
        }

        executor.ObserveDrift(merged, mergedOutputs);
    }

    private static Tensor[] Merge(List<BatchItem> items)
    {
        var inputCount = items[0].Request.Inputs.Count;
        var merged = new Tensor[inputCount];
        var parts = new Tensor[items.Count];
        for (var i = 0; i < inputCount; i++)
        {
            for (var k = 0; k < items.Count; k++)
            {
                parts[k] = items[k].Request.Inputs[i];
            }

            merged[i] = TensorFactory.Concat(parts);
        }

        return merged;
    }

    private static bool KeepsBatchDim(IReadOnlyList<Tensor> outputs, long rows)
    {
        foreach (var output in outputs)
        {
            if (output.Shape.Length == 0 || output.Shape[0] != rows)
            {
                return false;
            }
        }

        return true;
    }
}
