namespace Rollouts.Kube;

/// <summary>An <see cref="IRuntimeMetrics"/> that records nothing.</summary>
public sealed class NullRuntimeMetrics : IRuntimeMetrics
{
    /// <summary>The shared instance.</summary>
    public static readonly NullRuntimeMetrics Instance = new();

    /// <inheritdoc />
    public void ApiRequest(string verb, string resource, int code, double seconds)
    {
    }

    /// <inheritdoc />
    public void QueueAdd(string queue)
    {
    }

    /// <inheritdoc />
    public void QueueDepth(string queue, int depth)
    {
    }

    /// <inheritdoc />
    public void QueueLatency(string queue, double seconds)
    {
    }

    /// <inheritdoc />
    public void WorkDuration(string queue, double seconds)
    {
    }

    /// <inheritdoc />
    public void QueueRetry(string queue)
    {
    }

    /// <inheritdoc />
    public void Reconcile(string controller, string result, double seconds)
    {
    }

    /// <inheritdoc />
    public void Leader(string lease, bool isLeader)
    {
    }
}
