namespace Rollouts.Api.Analysis;

/// <summary>
/// Accuracy check from delayed labels: correct / (correct + incorrect) of <c>model_feedback_total</c> for the
/// predictions the measured revision made (<c>prediction_revision</c>), counted within <see cref="Window"/> on
/// whichever pod took the feedback. Fewer than <see cref="MinLabels"/> labels, no series or NaN is Inconclusive
/// (the rollout holds), never a pass. Without <see cref="CompareToStable"/> it is Failed below <see cref="Min"/>; with
/// it a one-sided pooled two-proportion z-test at <see cref="Confidence"/> decides instead (formula and source:
/// docs/analysis.md).
/// </summary>
public sealed record AccuracyCheck
{
    /// <summary>Lowest acceptable accuracy, 0 to 1 (default 0.9); not used when <see cref="CompareToStable"/> is true.</summary>
    public double Min { get; init; } = 0.9;

    /// <summary>Labels within the window needed for a verdict (at least 1, default 100); with compareToStable both revisions need them.</summary>
    public int MinLabels { get; init; } = 100;

    /// <summary>
    /// Judge the canary against the stable's accuracy instead of <see cref="Min"/>: Failed only when the canary is
    /// significantly worse (z below the negated <see cref="Confidence"/> quantile of the standard normal).
    /// </summary>
    public bool CompareToStable { get; init; }

    /// <summary>Confidence of the one-sided test, strictly between 0.5 and 1 (default 0.95: z below -1.645 fails).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Range of the accuracy queries, a duration string such as <c>10m</c>; null takes spec.analysis.window.</summary>
    public string? Window { get; init; }
}
