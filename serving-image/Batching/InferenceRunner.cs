using Rollouts.Serving.Caching;
using Rollouts.Serving.Inference;

namespace Rollouts.Serving.Batching;

/// <summary>
/// Runs validated requests: through the <see cref="DynamicBatcher"/> when batching is on and the request can be merged,
/// else directly on the calling thread (ONNX Runtime allows concurrent Run on one session). Either way the request first
/// enters <paramref name="queue"/> (the batcher's, when batching): a full queue is an outcome with
/// <see cref="InferenceOutcome.RetryAfter"/> set, which REST answers 503 + Retry-After and gRPC UNAVAILABLE. With a
/// prediction <paramref name="cache"/> (and the key prefix of this model revision, <paramref name="revision"/>, from
/// <see cref="PredictionKey.Revision"/>), a hit answers without the model (its rows still enter the drift windows) and a
/// miss stores the request's outputs once the Run succeeds.
/// </summary>
public sealed class InferenceRunner(ModelExecutor executor, DynamicBatcher? batcher, RequestQueue queue, PredictionCache? cache = null, string revision = "") : IAsyncDisposable
{
    /// <summary>What waits for the model (<c>--max-queued-requests</c>).</summary>
    public RequestQueue Queue => queue;

    /// <summary>Marks an infer request as being read, so the batcher may wait for it; pair with <see cref="ArrivalEnded"/>.</summary>
    public void ArrivalStarted() => batcher?.ArrivalStarted();

    /// <summary>Marks the request as read (its body parsed, or reading failed); see <see cref="DynamicBatcher.ArrivalEnded"/>.</summary>
    public void ArrivalEnded() => batcher?.ArrivalEnded();

    /// <summary>Runs the request (or answers it from the cache); the outcome holds its outputs or the failure inside ONNX Runtime.</summary>
    public Task<InferenceOutcome> RunAsync(ValidatedRequest request, CancellationToken cancellationToken = default) =>
        cache is { Enabled: true } ? RunCachedAsync(request, cache, cancellationToken) : RunModelAsync(request);

    private async Task<InferenceOutcome> RunCachedAsync(ValidatedRequest request, PredictionCache cache, CancellationToken cancellationToken)
    {
        var key = PredictionKey.For(revision, request.Inputs);
        if (await cache.TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } outputs)
        {
            executor.ObserveDrift(request.Inputs, outputs);
            return InferenceOutcome.Whole(outputs);
        }

        var outcome = await RunModelAsync(request).ConfigureAwait(false);
        if (outcome.Outputs is not null)
        {
            cache.Store(key, outcome);
        }

        return outcome;
    }

    private Task<InferenceOutcome> RunModelAsync(ValidatedRequest request)
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
