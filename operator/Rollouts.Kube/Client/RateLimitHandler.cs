namespace Rollouts.Kube;

/// <summary>
/// The client-side request rate limit (client-go's QPS/burst): every request takes a token from a bucket of
/// <c>burst</c> tokens refilled at <c>qps</c> per second on the injected clock, waiting when the bucket is empty.
/// </summary>
public sealed class RateLimitHandler : DelegatingHandler
{
    private readonly TokenBucket bucket;
    private readonly TimeProvider time;

    /// <summary>Creates the handler.</summary>
    /// <param name="qps">Sustained requests per second (positive).</param>
    /// <param name="burst">Bucket size (positive).</param>
    /// <param name="time">Clock of the bucket and the waits.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive rate or burst.</exception>
    public RateLimitHandler(double qps, int burst, TimeProvider time)
    {
        bucket = new TokenBucket(qps, burst, time);
        this.time = time;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var wait = bucket.Reserve();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
