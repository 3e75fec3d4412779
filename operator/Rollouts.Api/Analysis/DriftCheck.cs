namespace Rollouts.Api.Analysis;

/// <summary>
/// Drift check: the highest population stability index over the measured version's pods, of every input feature
/// (model_feature_drift_psi) and of the predictions (model_prediction_drift_psi). Failed when it is &gt; <see cref="MaxPsi"/>.
/// </summary>
public sealed record DriftCheck
{
    /// <summary>Highest acceptable PSI (greater than 0; 0.1 is commonly read as a small shift, 0.2 as a significant one).</summary>
    public double MaxPsi { get; init; } = 0.2;
}
