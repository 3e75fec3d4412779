namespace Rollouts.Kube;

/// <summary>How <see cref="KubeClient.Create"/> sets up the client: its field manager, the client-side rate limit and the retry of transient failures.</summary>
public sealed record KubeClientOptions
{
    /// <summary>The field manager of every server-side apply through the client, e.g. <c>model-rollouts</c>.</summary>
    public required string FieldManager { get; init; }

    /// <summary>Sustained requests per second (token bucket refill; a watch counts once, when opened). Default 50.</summary>
    public double Qps { get; init; } = 50;

    /// <summary>Token bucket size. Default 100.</summary>
    public int Burst { get; init; } = 100;

    /// <summary>Retries of a transient failure (429; 5xx, time-outs and transport errors on idempotent verbs). Default 5; 0 turns retries off.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First retry delay (exponential with jitter). Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of a retry delay, also of a server's Retry-After. Default 10 s.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for one try of a request that is not a watch, until the response headers. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>User-Agent header. Default <c>model-rollouts/0.1</c>.</summary>
    public string UserAgent { get; init; } = "model-rollouts/0.1";
}
