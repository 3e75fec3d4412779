namespace Rollouts.BenchOperator;

/// <summary>
/// Waits for a condition over every ModelDeployment by polling <see cref="Fleet.ListAsync"/> (one paged list of all
/// of them, 500 per page) every <see cref="BenchOptions.PollInterval"/>. A poll's time is when its list returned, so
/// a reported time is late by at most one interval plus one list.
/// </summary>
public sealed class Convergence(Fleet fleet, BenchOptions options, TimeProvider time, TextWriter log)
{
    /// <summary>The outcome of a wait, seconds from <c>since</c>.</summary>
    /// <param name="AllSeconds">When every object met the condition; null: timed out.</param>
    /// <param name="HalfSeconds">When half of them did.</param>
    /// <param name="Met">Objects meeting it at the last poll.</param>
    /// <param name="Last">The last poll.</param>
    public sealed record Outcome(double? AllSeconds, double? HalfSeconds, int Met, IReadOnlyList<ObjectState> Last);

    /// <summary>
    /// Polls until all <see cref="BenchOptions.Count"/> objects satisfy <paramref name="met"/>, <paramref name="timeout"/>
    /// passes, or <paramref name="abort"/> returns a reason (e.g. the operator exited).
    /// </summary>
    public async Task<Outcome> WaitAsync(string phase, Func<ObjectState, bool> met, long since, TimeSpan timeout, Func<string?> abort, CancellationToken ct)
    {
        double? half = null;
        var lastLog = TimeSpan.Zero;
        IReadOnlyList<ObjectState> last = [];
        var n = 0;
        while (true)
        {
            var polled = time.GetTimestamp();
            last = await fleet.ListAsync(ct).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(since);
            n = last.Count(met);
            if (half is null && n * 2 >= options.Count)
            {
                half = elapsed.TotalSeconds;
            }

            if (n >= options.Count)
            {
                await log.WriteLineAsync($"  {phase}: {n}/{options.Count} after {elapsed.TotalSeconds:F1} s").ConfigureAwait(false);
                return new Outcome(elapsed.TotalSeconds, half, n, last);
            }

            if (elapsed - lastLog >= TimeSpan.FromSeconds(30))
            {
                lastLog = elapsed;
                await log.WriteLineAsync($"  {phase}: {n}/{options.Count} after {elapsed.TotalSeconds:F0} s").ConfigureAwait(false);
            }

            if (abort() is { } reason)
            {
                await log.WriteLineAsync($"  {phase}: stopped after {elapsed.TotalSeconds:F0} s: {reason}").ConfigureAwait(false);
                return new Outcome(null, half, n, last);
            }

            if (elapsed >= timeout)
            {
                await log.WriteLineAsync($"  {phase}: timed out after {elapsed.TotalSeconds:F0} s with {n}/{options.Count}").ConfigureAwait(false);
                return new Outcome(null, half, n, last);
            }

            var wait = options.PollInterval - time.GetElapsedTime(polled);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, ct).ConfigureAwait(false);
            }
        }
    }
}
