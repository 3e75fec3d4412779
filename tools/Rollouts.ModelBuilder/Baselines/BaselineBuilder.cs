using Rollouts.ModelBuilder.Data;

namespace Rollouts.ModelBuilder.Baselines;

/// <summary>Computes a <see cref="Baseline"/> from training rows and the model's predictions on them.</summary>
public static class BaselineBuilder
{
    /// <summary>Bins per feature (seams §4: k = 10).</summary>
    public const int Bins = 10;

    /// <summary>Builds feature histograms of <paramref name="trainingRows"/> and the label distribution of <paramref name="predictions"/>.</summary>
    /// <param name="trainingRows">The rows the model was trained on.</param>
    /// <param name="predictions">The model's predicted class indices (for rows where it answers).</param>
    /// <param name="classes">Number of classes; categories are 0..classes−1.</param>
    public static Baseline Build(IReadOnlyList<IrisSample> trainingRows, IReadOnlyList<int> predictions, int classes)
    {
        var features = new List<FeatureBaseline>();
        for (int f = 0; f < IrisDataSet.FeatureNames.Count; f++)
        {
            double[] column = trainingRows.Select(r => r.Features[f]).ToArray();
            double[] edges = Histogram.EqualWidthEdges(column, Bins);
            features.Add(new FeatureBaseline("input", f, IrisDataSet.FeatureNames[f], edges, Histogram.Proportions(column, edges)));
        }

        double[] proportions = Enumerable.Range(0, classes)
            .Select(c => predictions.Count(p => p == c) / (double)predictions.Count)
            .ToArray();
        var prediction = new PredictionBaseline("label", "categorical", Enumerable.Range(0, classes).Select(c => (long)c).ToArray(), null, proportions);
        return new Baseline(features, prediction);
    }

    /// <summary>PSI of each feature of <paramref name="rows"/> against the baseline's histograms, by feature name.</summary>
    public static IReadOnlyDictionary<string, double> FeaturePsi(Baseline baseline, IReadOnlyList<IrisSample> rows) =>
        baseline.Features.ToDictionary(
            f => f.Name,
            f => Psi.Compute(f.Proportions, Histogram.Proportions(rows.Select(r => r.Features[f.Index]).ToArray(), f.Edges)));
}
