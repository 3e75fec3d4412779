namespace Rollouts.Api.Analysis;

/// <summary>
/// Latency check: the <see cref="Quantile"/> of model_inference_request_duration_seconds over the window, in
/// milliseconds. Failed when it is &gt; <see cref="MaxMilliseconds"/> (+Inf, a quantile beyond the last bucket, fails).
/// </summary>
public sealed record LatencyCheck
{
    /// <summary>The quantile, strictly between 0 and 1 (default 0.99).</summary>
    public double Quantile { get; init; } = 0.99;

    /// <summary>Highest acceptable quantile latency in milliseconds (greater than 0).</summary>
    public double MaxMilliseconds { get; init; }
}
