namespace Rollouts.ModelBuilder.Baselines;

/// <summary>A model's drift reference, written as samples/models/&lt;name&gt;/baseline.json (seams §4).</summary>
/// <param name="Features">One histogram per input feature, from the model's own training rows.</param>
/// <param name="Prediction">Distribution of the model's predictions on those rows.</param>
public sealed record Baseline(IReadOnlyList<FeatureBaseline> Features, PredictionBaseline Prediction);
