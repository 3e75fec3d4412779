namespace Rollouts.Serving.Drift;

/// <summary>
/// The drift reference (seams §4): per-feature histograms over the training data and the distribution of the model's
/// predictions on it. Written by the model builder next to each model as <c>baseline.json</c>.
/// </summary>
/// <param name="Features">One entry per monitored feature.</param>
/// <param name="Prediction">The prediction's reference distribution, or null.</param>
public sealed record Baseline(IReadOnlyList<BaselineFeature> Features, BaselinePrediction? Prediction);
