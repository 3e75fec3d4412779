using Rollouts.Serving.Inference;

namespace Rollouts.Serving.Batching;

/// <summary>
/// Runs validated requests: through the <see cref="DynamicBatcher"/> when batching is on and the request can be merged,
/// else directly on the calling thread (ONNX Runtime allows concurrent Run on one session).
/// </summary>
public sealed class InferenceRunner(ModelExecutor executor, DynamicBatcher? batcher) : IAsyncDisposable
{
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

        executor.Metrics.Queued(0);
        var outcome = executor.Execute(request.Inputs, request.Rows, out var outputs);
        if (outputs is not null)
        {
            executor.ObserveDrift(request.Inputs, outputs);
        }

        return Task.FromResult(outcome);
    }

    /// <summary>Stops the batcher.</summary>
    public ValueTask DisposeAsync() => batcher?.DisposeAsync() ?? ValueTask.CompletedTask;
}
