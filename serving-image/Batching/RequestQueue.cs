using Rollouts.Serving.Metrics;

namespace Rollouts.Serving.Batching;

/// <summary>
/// The bound on what waits for the model (<c>--max-queued-requests</c>, load shedding): a request enters before it is
/// queued for the batcher (or, unbatched, before its Run) and leaves when the batcher takes it for a Run (unbatched: when
/// its Run ends). <see cref="TryEnter"/> fails beyond the limit, so the caller answers at once (REST 503 + Retry-After,
/// gRPC UNAVAILABLE) instead of letting the request wait into a timeout. The depth is exported as
/// <c>model_inference_queued_requests</c>. The wait a refused client is told to keep (<see cref="EstimatedWait"/>) is
/// the depth times a moving average of the recent service time per request (Run duration / requests in the Run),
/// from 1 s to 60 s.
/// </summary>
public sealed class RequestQueue
{
    private const double Smoothing = 0.2;
    private static readonly TimeSpan MinWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private readonly IServingMetrics metrics;
    private readonly object gate = new();
    private int depth;
    private double secondsPerRequest;

    /// <summary>A queue of at most <paramref name="limit"/> requests; 0 means unbounded (still counted).</summary>
    public RequestQueue(int limit, IServingMetrics metrics)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Limit = limit;
        this.metrics = metrics;
    }

    /// <summary>The most requests that may wait; 0 = unbounded.</summary>
    public int Limit { get; }

    /// <summary>Requests waiting now.</summary>
    public int Depth => Volatile.Read(ref depth);

    /// <summary>Admits one request, or returns false (and counts a <c>queue_full</c> rejection) when the queue is full.</summary>
    public bool TryEnter()
    {
        var now = Interlocked.Increment(ref depth);
        if (Limit > 0 && now > Limit)
        {
            Interlocked.Decrement(ref depth);
            metrics.Rejected(RejectionReason.QueueFull);
            return false;
        }

        metrics.QueueDepth(1);
        return true;
    }

    /// <summary>One admitted request stopped waiting (taken for a Run, or given up).</summary>
    public void Leave()
    {
        Interlocked.Decrement(ref depth);
        metrics.QueueDepth(-1);
    }

    /// <summary>A Run of <paramref name="requests"/> requests took <paramref name="seconds"/>: updates the service time.</summary>
    public void Served(int requests, double seconds)
    {
        var each = seconds / Math.Max(1, requests);
        lock (gate)
        {
            secondsPerRequest = secondsPerRequest == 0 ? each : secondsPerRequest + (Smoothing * (each - secondsPerRequest));
        }
    }

    /// <summary>How long until the queue has room, estimated from the depth and the recent service time (1 s … 60 s).</summary>
    public TimeSpan EstimatedWait()
    {
        double each;
        lock (gate)
        {
            each = secondsPerRequest;
        }

        var wait = TimeSpan.FromSeconds(Depth * each);
        return wait < MinWait ? MinWait : wait > MaxWait ? MaxWait : wait;
    }
}
