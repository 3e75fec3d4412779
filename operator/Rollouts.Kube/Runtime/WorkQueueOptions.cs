namespace Rollouts.Kube;

/// <summary>Rate limiting of <see cref="WorkQueue.AddRateLimited"/> (client-go's DefaultControllerRateLimiter):
/// the larger of a per-key exponential backoff and an overall token bucket.</summary>
public sealed record WorkQueueOptions
{
    /// <summary>First per-key retry delay (doubles on every failure). Default 5 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Cap of the per-key delay. Default 1000 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1000);

    /// <summary>Overall token-bucket refill rate in keys per second. Default 10.</summary>
    public double Qps { get; init; } = 10;

    /// <summary>Overall token-bucket size. Default 100.</summary>
    public int Burst { get; init; } = 100;
}
