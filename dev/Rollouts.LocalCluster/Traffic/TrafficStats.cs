using System.Collections.Concurrent;

namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// Counters of the requests a <see cref="TrafficGenerator"/> sent: per model version (from the chosen pod's label),
/// successes (2xx) and failures (non-2xx, transport errors), plus requests that found no ready endpoint — counted
/// apart before the first answered request (the target was not deployed or not ready yet) and after it (a gap in
/// service). Requests sent with the cohort header are also counted per version on their own, and feedback posts by
/// outcome (<see cref="RecordFeedback"/>). Thread-safe.
/// </summary>
public sealed class TrafficStats
{
    private readonly ConcurrentDictionary<string, long[]> _byVersion = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long[]> _cohortByVersion = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long[]> _othersByVersion = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long[]> _feedback = new(StringComparer.Ordinal);
    private long _noEndpoint;
    private long _noEndpointBeforeFirstAnswer;
    private int _answered;

    /// <summary>Requests that found no ready endpoint after the first answered request (a Gateway would answer 503).</summary>
    public long NoEndpoint => Interlocked.Read(ref _noEndpoint);

    /// <summary>Requests that found no ready endpoint before any request was answered (nothing deployed or ready yet).</summary>
    public long NoEndpointBeforeFirstAnswer => Interlocked.Read(ref _noEndpointBeforeFirstAnswer);

    /// <summary>Records one answered request.</summary>
    /// <param name="version">Model version of the pod that answered.</param>
    /// <param name="success">Whether it answered 2xx.</param>
    /// <param name="cohort">Whether the request carried the cohort header.</param>
    public void Record(string version, bool success, bool cohort = false)
    {
        var counters = _byVersion.GetOrAdd(version, _ => new long[2]);
        Interlocked.Increment(ref counters[success ? 0 : 1]);
        var split = cohort ? _cohortByVersion : _othersByVersion;
        Interlocked.Increment(ref split.GetOrAdd(version, _ => new long[2])[success ? 0 : 1]);

        Volatile.Write(ref _answered, 1);
    }

    /// <summary>
    /// Records feedback outcomes: <c>sent</c> (an answer's id taken for feedback), the server's per-label <c>correct</c>/<c>incorrect</c>, <c>unmatched</c> (422),
    /// <c>failed</c> (any other answer or no answer), <c>no_id</c> (the answer carried no prediction id),
    /// <c>dropped</c> (too many feedback posts pending).
    /// </summary>
    public void RecordFeedback(string outcome, long count = 1) => Interlocked.Add(ref _feedback.GetOrAdd(outcome, _ => new long[1])[0], count);

    /// <summary>Feedback labels that got an outcome: <c>correct</c> + <c>incorrect</c> + <c>unmatched</c> + <c>failed</c> (the rest of <c>sent</c> is still waiting or was abandoned at stop).</summary>
    public long FeedbackAnswered
    {
        get
        {
            var f = FeedbackSnapshot();
            return f.GetValueOrDefault("correct") + f.GetValueOrDefault("incorrect") + f.GetValueOrDefault("unmatched") + f.GetValueOrDefault("failed");
        }
    }

    /// <summary>A copy of the feedback counters: outcome → count.</summary>
    public IReadOnlyDictionary<string, long> FeedbackSnapshot() =>
        _feedback.ToDictionary(kv => kv.Key, kv => Interlocked.Read(ref kv.Value[0]), StringComparer.Ordinal);

    /// <summary>A copy of the counters of cohort requests (sent with the cohort header): version → (successes, failures).</summary>
    public IReadOnlyDictionary<string, (long Successes, long Failures)> CohortSnapshot() => Copy(_cohortByVersion);

    /// <summary>A copy of the counters of the other requests (without the cohort header): version → (successes, failures).
    /// Counted apart, so "none of them reached X" needs no difference of two snapshots taken at different moments.</summary>
    public IReadOnlyDictionary<string, (long Successes, long Failures)> OthersSnapshot() => Copy(_othersByVersion);

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
    public IReadOnlyDictionary<string, (long Successes, long Failures)> Snapshot() => Copy(_byVersion);

    private static Dictionary<string, (long Successes, long Failures)> Copy(ConcurrentDictionary<string, long[]> counters) =>
        counters.ToDictionary(kv => kv.Key, kv => (Interlocked.Read(ref kv.Value[0]), Interlocked.Read(ref kv.Value[1])), StringComparer.Ordinal);
}
