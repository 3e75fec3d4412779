using System.Collections.Concurrent;

namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// Counters of the requests a <see cref="TrafficGenerator"/> sent: per model version (from the chosen pod's label),
/// successes (2xx) and failures (non-2xx, transport errors), plus requests that found no ready endpoint — counted
/// apart before the first answered request (the target was not deployed or not ready yet) and after it (a gap in
/// service). Thread-safe.
/// </summary>
public sealed class TrafficStats
{
    private readonly ConcurrentDictionary<string, long[]> _byVersion = new(StringComparer.Ordinal);
    private long _noEndpoint;
    private long _noEndpointBeforeFirstAnswer;
    private int _answered;

    /// <summary>Requests that found no ready endpoint after the first answered request (a Gateway would answer 503).</summary>
    public long NoEndpoint => Interlocked.Read(ref _noEndpoint);

    /// <summary>Requests that found no ready endpoint before any request was answered (nothing deployed or ready yet).</summary>
    public long NoEndpointBeforeFirstAnswer => Interlocked.Read(ref _noEndpointBeforeFirstAnswer);

    /// <summary>Records one answered request.</summary>
    public void Record(string version, bool success)
    {
        var counters = _byVersion.GetOrAdd(version, _ => new long[2]);
        Interlocked.Increment(ref counters[success ? 0 : 1]);
        Volatile.Write(ref _answered, 1);
    }

    /// <summary>Records a request with no endpoint.</summary>
    public void RecordNoEndpoint()
    {
        if (Volatile.Read(ref _answered) == 0)
        {
            Interlocked.Increment(ref _noEndpointBeforeFirstAnswer);
        }
        else
        {
            Interlocked.Increment(ref _noEndpoint);
        }
    }

    /// <summary>A copy of the counters: version → (successes, failures).</summary>
    public IReadOnlyDictionary<string, (long Successes, long Failures)> Snapshot() =>
        _byVersion.ToDictionary(kv => kv.Key, kv => (Interlocked.Read(ref kv.Value[0]), Interlocked.Read(ref kv.Value[1])), StringComparer.Ordinal);
}
