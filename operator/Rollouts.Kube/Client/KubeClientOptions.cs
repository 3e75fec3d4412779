namespace Rollouts.Kube;

/// <summary>Client-side limits and retry policy of <see cref="KubeClient"/>.</summary>
public sealed record KubeClientOptions
{
    /// <summary>Sustained requests per second (token bucket refill; watches count once when opened). Default 50.</summary>
    public double Qps { get; init; } = 50;

    /// <summary>Token bucket size. Default 100.</summary>
    public int Burst { get; init; } = 100;

    /// <summary>Retries of a transient failure (429, 5xx on idempotent verbs, transport errors). Default 5.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First retry delay (exponential with jitter). Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of a retry delay (also of a server's Retry-After). Default 10 s.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one non-watch request. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>User-Agent header. Default <c>model-rollouts/0.1</c>.</summary>
    public string UserAgent { get; init; } = "model-rollouts/0.1";
}
