namespace Rollouts.Api.Analysis;

/// <summary>
/// Shadow agreement check: the share (0..1) of the shadow copies, sent by the stable's pods to the canary within the
/// window, whose answers agreed with the stable's: agree / (agree + disagree + error) of
/// <c>model_shadow_comparisons_total</c> (a candidate that errs counts against agreement). Failed when the share is
/// below <see cref="Min"/>; Inconclusive (never a pass) with fewer than <see cref="MinComparisons"/> comparisons,
/// no series or NaN. Only a run after a <c>shadow</c> step has comparisons to judge (docs/analysis.md).
/// </summary>
public sealed record AgreementCheck
{
    /// <summary>Lowest acceptable share of agreeing comparisons, 0 to 1 (default 0.95).</summary>
    public double Min { get; init; } = 0.95;

    /// <summary>Comparisons within the window needed for a verdict (at least 1, default 100); fewer is Inconclusive.</summary>
    public int MinComparisons { get; init; } = 100;
}
