using Rollouts.ModelBuilder.Data;
using Rollouts.ModelBuilder.Training;

namespace Rollouts.ModelBuilder.Models;

/// <summary>Scores a reference network on labelled rows.</summary>
public static class Evaluation
{
    /// <summary>Fraction of rows whose predicted class equals the label (0 for no rows).</summary>
    public static double Accuracy(DenseNetwork network, IReadOnlyList<IrisSample> rows) =>
        rows.Count == 0 ? 0 : rows.Count(r => network.Predict(r.ToFloats()) == r.Label) / (double)rows.Count;

    /// <summary>Predicted class of each row.</summary>
    public static int[] Predict(DenseNetwork network, IReadOnlyList<IrisSample> rows) =>
        rows.Select(r => network.Predict(r.ToFloats())).ToArray();
}
