using Rollouts.Serving.Inference;

namespace Rollouts.Serving.Batching;

/// <summary>A request waiting in the batcher, with the moment it was queued and where its outcome goes.</summary>
internal sealed class BatchItem(ValidatedRequest request, long enqueuedTimestamp)
{
    public ValidatedRequest Request { get; } = request;

    public long EnqueuedTimestamp { get; } = enqueuedTimestamp;

    public TaskCompletionSource<InferenceOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether two requests can share a Run: every input has the same dims after the first.</summary>
    public bool FitsWith(BatchItem other)
    {
        var a = Request.Inputs;
        var b = other.Request.Inputs;
        for (var i = 0; i < a.Count; i++)
        {
            var sa = a[i].Shape;
            var sb = b[i].Shape;
            if (sa.Length != sb.Length || !sa.AsSpan(1).SequenceEqual(sb.AsSpan(1)))
            {
                return false;
            }
        }

        return true;
    }
}
