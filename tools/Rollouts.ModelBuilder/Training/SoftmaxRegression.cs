namespace Rollouts.ModelBuilder.Training;

/// <summary>
/// Multinomial logistic regression trained by full-batch gradient descent on mean cross-entropy + (l2/2)·‖W‖²,
/// starting from zero weights (the loss is convex, so no seed is needed).
/// </summary>
public static class SoftmaxRegression
{
    /// <summary>Fits W [features][classes] and b [classes] on (already standardised) rows.</summary>
    /// <param name="rows">Input rows, all of the same width.</param>
    /// <param name="labels">Class index of each row, in [0, classes).</param>
    /// <param name="classes">Number of classes (a class with no rows simply gets low logits).</param>
    /// <param name="learningRate">Gradient step.</param>
    /// <param name="l2">Weight decay (not applied to the bias).</param>
    /// <param name="iterations">Fixed number of full-batch steps.</param>
    public static (double[][] Weights, double[] Bias) Train(
        IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, int classes, double learningRate, double l2, int iterations)
    {
        int width = rows[0].Length;
        double[][] w = Enumerable.Range(0, width).Select(_ => new double[classes]).ToArray();
        var b = new double[classes];
        for (int step = 0; step < iterations; step++)
        {
            double[][] gw = Enumerable.Range(0, width).Select(_ => new double[classes]).ToArray();
            var gb = new double[classes];
            for (int n = 0; n < rows.Count; n++)
            {
                double[] p = SoftmaxMath.Softmax(SoftmaxMath.Affine(rows[n], w, b));
                p[labels[n]] -= 1.0;
                for (int j = 0; j < classes; j++)
                {
                    gb[j] += p[j] / rows.Count;
                    for (int i = 0; i < width; i++)
                    {
                        gw[i][j] += rows[n][i] * p[j] / rows.Count;
                    }
                }
            }

            for (int j = 0; j < classes; j++)
            {
                b[j] -= learningRate * gb[j];
                for (int i = 0; i < width; i++)
                {
                    w[i][j] -= learningRate * (gw[i][j] + (l2 * w[i][j]));
                }
            }
        }

        return (w, b);
    }
}
