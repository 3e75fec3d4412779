using System.Threading.RateLimiting;

namespace Rollouts.Serving.Security;

/// <summary>
/// Per-client rate limiting (<c>--rate-limit-rps R</c>, <c>--rate-limit-burst B</c>): one token bucket of B tokens per
/// client identity, refilled with R tokens every second, in a <see cref="PartitionedRateLimiter{TResource}"/> of
/// System.Threading.RateLimiting. A bucket that has been full for 10 s is removed by that limiter's own heartbeat, so a
/// flood of one-off client addresses does not grow memory without bound. Its clock is the limiter's own (Stopwatch).
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    /// <summary>Buckets of <paramref name="burst"/> tokens refilled with <paramref name="rps"/> tokens a second.</summary>
    public ClientRateLimiter(int rps, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = rps,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => options));
    }

    /// <summary>
    /// Takes one token of <paramref name="client"/>'s bucket; false when it is empty, with <paramref name="retryAfter"/>
    /// the time until a token is back (at least 1 s).
    /// </summary>
    public bool TryAcquire(string client, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1);
        return false;
    }

    /// <summary>Disposes every bucket.</summary>
    public void Dispose() => limiter.Dispose();
}
