namespace Rollouts.Analysis.Prometheus;

/// <summary>
/// Operator configuration of the Prometheus client (a flag / Helm value, never a tenant field, so that a manifest
/// cannot point the operator at an arbitrary address).
/// </summary>
public sealed record PrometheusClientOptions
{
    /// <summary>Base address of the Prometheus HTTP API, e.g. <c>http://prometheus.monitoring:9090/</c>.</summary>
    public required Uri Address { get; init; }

    /// <summary>Time allowed for one HTTP try (default 5 s).</summary>
    public TimeSpan PerTryTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after the first try for transport errors, timeouts, 429 and 5xx (default 2).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Base delay of the exponential, jittered backoff between tries (default 200 ms).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of failed tries within <see cref="BreakerSamplingDuration"/> that opens the circuit (default 0.5).</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>Window over which the breaker counts tries (default 30 s).</summary>
    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries within the window before the breaker may open (default 6).</summary>
    public int BreakerMinimumThroughput { get; init; } = 6;

    /// <summary>How long an open circuit answers at once with an error (default 15 s).</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest response body read, in bytes (default 4 MiB); a larger one is an error.</summary>
    public int MaxResponseBytes { get; init; } = 4 << 20;
}
