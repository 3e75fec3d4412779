namespace Rollouts.Serving.Hosting;

/// <summary>Load shedding and per-client rate limiting, read by <see cref="LimitsOptionsReader"/>.</summary>
/// <param name="MaxQueuedRequests">Most infer requests waiting for the model (<c>--max-queued-requests</c>); 0 = unbounded.</param>
/// <param name="RateLimitRps">Requests per second each client may make on average (<c>--rate-limit-rps</c>); 0 = no rate limit.</param>
/// <param name="RateLimitBurst">Requests a client may make at once before the rate applies (<c>--rate-limit-burst</c>).</param>
public sealed record LimitsOptions(int MaxQueuedRequests, int RateLimitRps, int RateLimitBurst)
{
    /// <summary>No bound, no rate limit.</summary>
    public static LimitsOptions None { get; } = new(0, 0, 0);

    /// <summary>Whether requests are rate limited per client.</summary>
    public bool RateLimited => RateLimitRps > 0;
}
