namespace Rollouts.Api.Analysis;

/// <summary>
/// How far the measured version may be worse than the stable version when <see cref="AnalysisSpec.CompareToStable"/>
/// is set: the threshold becomes the stable's value plus the tolerance.
/// </summary>
public sealed record StableTolerance
{
    /// <summary>Added to the stable's 5xx share (absolute, 0 to 1; default 0.005).</summary>
    public double ErrorRate { get; init; } = 0.005;

    /// <summary>Added to the stable's latency quantile, in milliseconds (default 5).</summary>
    public double LatencyMilliseconds { get; init; } = 5;
}
