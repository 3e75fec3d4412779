namespace Rollouts.Api.Analysis;

/// <summary>
/// Error-rate check: share (0..1) of the measured version's requests answered with a 5xx code over the window.
/// Failed when the share &gt; <see cref="Max"/>.
/// </summary>
public sealed record ErrorRateCheck
{
    /// <summary>Highest acceptable share of 5xx answers, 0 to 1 (e.g. 0.01 = 1 %).</summary>
    public double Max { get; init; }
}
