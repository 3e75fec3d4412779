using System.Collections.Concurrent;
using Rollouts.Kube;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>The client's request counter (what <c>rest_client_requests_total{verb,resource,code}</c> counts), kept as a list for assertions.</summary>
public sealed class CountingRuntimeMetrics : IRuntimeMetrics
{
    private static readonly HashSet<string> Reads = ["GET", "LIST", "WATCH"];

    public ConcurrentQueue<(string Verb, string Resource, int Code)> Requests { get; } = new();

    /// <summary>The writes (every verb but GET, LIST and WATCH) counted so far, as "VERB resource code".</summary>
    public List<string> Writes() => Requests.Where(r => !Reads.Contains(r.Verb.ToUpperInvariant())).Select(r => $"{r.Verb} {r.Resource} {r.Code}").ToList();

    public void Clear() => Requests.Clear();

    public void ApiRequest(string verb, string resource, int code, double seconds) => Requests.Enqueue((verb, resource, code));

    public void QueueAdd(string queue)
    {
    }

    public void QueueDepth(string queue, int depth)
    {
    }

    public void QueueLatency(string queue, double seconds)
    {
    }

    public void WorkDuration(string queue, double seconds)
    {
    }

    public void QueueRetry(string queue)
    {
    }

    public void Reconcile(string controller, string result, double seconds)
    {
    }

    public void Leader(string lease, bool isLeader)
    {
    }
}
