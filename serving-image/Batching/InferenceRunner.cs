using Rollouts.Serving.Inference;

namespace Rollouts.Serving.Batching;

/// <summary>
/// Runs validated requests: through the <see cref="DynamicBatcher"/> when batching is on and the request can be merged,
/// else directly on the calling thread (ONNX Runtime allows concurrent Run on one session). Either way the request first
/// enters <paramref name="queue"/> (the batcher's, when batching): a full queue is an outcome with
/// <see cref="InferenceOutcome.RetryAfter"/> set, which REST answers 503 + Retry-After and gRPC UNAVAILABLE.
/// </summary>
public sealed class InferenceRunner(ModelExecutor executor, DynamicBatcher? batcher, RequestQueue queue) : IAsyncDisposable
{
    /// <summary>What waits for the model (<c>--max-queued-requests</c>).</summary>
    public RequestQueue Queue => queue;

    /// <summary>Marks an infer request as being read, so the batcher may wait for it; pair with <see cref="ArrivalEnded"/>.</summary>
    public void ArrivalStarted() => batcher?.ArrivalStarted();

    /// <summary>Marks the request as queued or given up.</summary>
    public void ArrivalEnded() => batcher?.ArrivalEnded();

    /// <summary>Runs the request; the outcome holds its outputs or the failure inside ONNX Runtime.</summary>
    public Task<InferenceOutcome> RunAsync(ValidatedRequest request)
    {
        if (batcher is not null && request.Mergeable)
        {
            return batcher.EnqueueAsync(request);
        }

        if (!queue.TryEnter())
        {
            return Task.FromResult(InferenceOutcome.QueueFull(queue.Limit, queue.EstimatedWait()));
        }

        executor.Metrics.Queued(0);
        var start = executor.Time.GetTimestamp();
        InferenceOutcome outcome;
        IReadOnlyList<Tensors.Tensor>? outputs;
        try
        {
            outcome = executor.Execute(request.Inputs, request.Rows, out outputs);
        }
        finally
        {
            queue.Leave();
        }

        queue.Served(1, executor.Time.GetElapsedTime(start).TotalSeconds);
        if (outputs is not null)
        {
            executor.ObserveDrift(request.Inputs, outputs);
        }

        return Task.FromResult(outcome);
    }

    /// <summary>Stops the batcher.</summary>
    public ValueTask DisposeAsync() => batcher?.DisposeAsync() ?? ValueTask.CompletedTask;
}
