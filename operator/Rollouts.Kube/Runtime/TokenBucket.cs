namespace Rollouts.Kube;

/// <summary>
/// A token bucket on an injected clock with golang.org/x/time/rate "reserve" semantics: taking a token may go into
/// debt and returns how long the caller must wait. Thread-safe.
/// </summary>
internal sealed class TokenBucket
{
    private readonly object gate = new();
    private readonly TimeProvider time;
    private readonly double rate;
    private readonly double burst;
    private double tokens;
    private DateTimeOffset last;

    public TokenBucket(double ratePerSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        rate = ratePerSecond;
        this.burst = burst;
        this.time = time;
        tokens = burst;
        last = time.GetUtcNow();
    }

    /// <summary>Takes one token; returns the wait until it is really available (zero when one was in the bucket).</summary>
    public TimeSpan Reserve()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var elapsed = Math.Max(0, (now - last).TotalSeconds);
            last = now;
            tokens = Math.Min(burst, tokens + (elapsed * rate)) - 1;
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / rate);
        }
    }
}
