namespace Rollouts.ModelBuilder.Training;

/// <summary>
/// A one-hidden-layer perceptron (inputs → hidden tanh → class logits) trained with full-batch Adam on mean
/// cross-entropy + (l2/2)·‖W‖². Weights start Xavier-uniform from <c>new Random(seed)</c>, drawn in a fixed order,
/// so training is deterministic.
/// </summary>
public static class MlpTrainer
{
    /// <summary>Trained parameters; weights are [inputs][outputs].</summary>
    /// <param name="W1">Input → hidden weights.</param>
    /// <param name="B1">Hidden bias.</param>
    /// <param name="W2">Hidden → logits weights.</param>
    /// <param name="B2">Logit bias.</param>
    public sealed record Parameters(double[][] W1, double[] B1, double[][] W2, double[] B2);

    /// <summary>Trains on (already standardised) rows.</summary>
    /// <param name="rows">Input rows.</param>
    /// <param name="labels">Class index per row.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="hidden">Hidden width.</param>
    /// <param name="learningRate">Adam step size.</param>
    /// <param name="l2">Weight decay on weights (not biases).</param>
    /// <param name="epochs">Fixed number of full-batch steps.</param>
    /// <param name="seed">Seed of the weight initialisation.</param>
    public static Parameters Train(
        IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, int classes, int hidden, double learningRate, double l2, int epochs, int seed)
    {
        int width = rows[0].Length;
        var random = new Random(seed);
        double[][] w1 = Xavier(random, width, hidden);
        double[][] w2 = Xavier(random, hidden, classes);
        var b1 = new double[hidden];
        var b2 = new double[classes];
        var adamW1 = Enumerable.Range(0, width).Select(_ => new Adam(hidden)).ToArray();
        var adamW2 = Enumerable.Range(0, hidden).Select(_ => new Adam(classes)).ToArray();
        var adamB1 = new Adam(hidden);
        var adamB2 = new Adam(classes);

        for (int t = 1; t <= epochs; t++)
        {
            double[][] gw1 = Zeros(width, hidden);
            double[][] gw2 = Zeros(hidden, classes);
            var gb1 = new double[hidden];
            var gb2 = new double[classes];
            for (int n = 0; n < rows.Count; n++)
            {
                double[] h = SoftmaxMath.Affine(rows[n], w1, b1).Select(Math.Tanh).ToArray();
                double[] p = SoftmaxMath.Softmax(SoftmaxMath.Affine(h, w2, b2));
                p[labels[n]] -= 1.0;
                var dh = new double[hidden];
                for (int j = 0; j < classes; j++)
                {
                    gb2[j] += p[j] / rows.Count;
                    for (int k = 0; k < hidden; k++)
                    {
                        gw2[k][j] += h[k] * p[j] / rows.Count;
                        dh[k] += w2[k][j] * p[j];
                    }
                }

                for (int k = 0; k < hidden; k++)
                {
                    double dz = dh[k] * (1 - (h[k] * h[k])) / rows.Count;
                    gb1[k] += dz;
                    for (int i = 0; i < width; i++)
                    {
                        gw1[i][k] += rows[n][i] * dz;
                    }
                }
            }

            Update(w1, gw1, adamW1, l2, learningRate, t);
            Update(w2, gw2, adamW2, l2, learningRate, t);
            adamB1.Step(b1, gb1, learningRate, t);
            adamB2.Step(b2, gb2, learningRate, t);
        }

        return new Parameters(w1, b1, w2, b2);
    }

    private static void Update(double[][] w, double[][] g, Adam[] adam, double l2, double learningRate, int t)
    {
        for (int i = 0; i < w.Length; i++)
        {
            double[] grad = g[i].Select((v, j) => v + (l2 * w[i][j])).ToArray();
            adam[i].Step(w[i], grad, learningRate, t);
        }
    }

    private static double[][] Xavier(Random random, int inputs, int outputs)
    {
        double limit = Math.Sqrt(6.0 / (inputs + outputs));
        return Enumerable.Range(0, inputs)
            .Select(_ => Enumerable.Range(0, outputs).Select(_ => ((2 * random.NextDouble()) - 1) * limit).ToArray())
            .ToArray();
    }

    private static double[][] Zeros(int rows, int columns) => Enumerable.Range(0, rows).Select(_ => new double[columns]).ToArray();
}
