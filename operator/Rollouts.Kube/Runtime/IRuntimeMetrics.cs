namespace Rollouts.Kube;

/// <summary>
/// Where the client and the controller runtime report what they measure. <see cref="NullRuntimeMetrics"/> drops
/// everything; <see cref="PrometheusRuntimeMetrics"/> writes Prometheus series into a prometheus-net registry.
/// Durations are in seconds.
/// </summary>
public interface IRuntimeMetrics
{
    /// <summary>An API request (one try) finished: verb (get, list, watch, create, update, patch, apply, delete), resource
    /// (plural, with <c>/subresource</c>, e.g. <c>pods/status</c>), HTTP code (0 = transport failure) and seconds to the response headers.</summary>
    void ApiRequest(string verb, string resource, int code, double seconds);

    /// <summary>A key was added to a work queue.</summary>
    void QueueAdd(string queue);

    /// <summary>The work queue's depth changed.</summary>
    void QueueDepth(string queue, int depth);

    /// <summary>A key waited this long in the queue before a worker took it.</summary>
    void QueueLatency(string queue, double seconds);

    /// <summary>A worker held a key this long (Get to Done).</summary>
    void WorkDuration(string queue, double seconds);

    /// <summary>A key was re-added with rate limiting (a retry).</summary>
    void QueueRetry(string queue);

    /// <summary>A reconcile finished with result <c>success</c>, <c>requeue_after</c>, <c>error</c> or <c>terminal_error</c>.</summary>
    void Reconcile(string controller, string result, double seconds);

    /// <summary>This replica became (true) or stopped being (false) the leader of <paramref name="lease"/>.</summary>
    void Leader(string lease, bool isLeader);
}
