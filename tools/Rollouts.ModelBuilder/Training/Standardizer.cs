namespace Rollouts.ModelBuilder.Training;

/// <summary>Per-feature z-scoring z = (x − mean) / std, fitted on training rows (population std).</summary>
/// <param name="Mean">Per-feature mean.</param>
/// <param name="Std">Per-feature standard deviation (1 where a feature is constant).</param>
public sealed record Standardizer(double[] Mean, double[] Std)
{
    /// <summary>Fits mean and std of each column.</summary>
    public static Standardizer Fit(IReadOnlyList<double[]> rows)
    {
        int width = rows[0].Length;
        var mean = new double[width];
        var std = new double[width];
        for (int f = 0; f < width; f++)
        {
            mean[f] = rows.Average(r => r[f]);
            double variance = rows.Average(r => (r[f] - mean[f]) * (r[f] - mean[f]));
            std[f] = variance > 0 ? Math.Sqrt(variance) : 1.0;
        }

        return new Standardizer(mean, std);
    }

    /// <summary>Standardises one row.</summary>
    public double[] Transform(double[] row) => row.Select((v, f) => (v - Mean[f]) / Std[f]).ToArray();

    /// <summary>
    /// Folds the standardisation into a first layer trained on standardised inputs:
    /// W'[i][j] = W[i][j] / std[i], b'[j] = b[j] − Σᵢ mean[i] · W[i][j] / std[i], so the exported graph takes raw cm.
    /// </summary>
    public (double[][] Weights, double[] Bias) Fold(double[][] weights, double[] bias)
    {
        double[][] folded = weights.Select((row, i) => row.Select(w => w / Std[i]).ToArray()).ToArray();
        double[] foldedBias = bias.Select((b, j) => b - Enumerable.Range(0, weights.Length).Sum(i => Mean[i] * folded[i][j])).ToArray();
        return (folded, foldedBias);
    }
}
