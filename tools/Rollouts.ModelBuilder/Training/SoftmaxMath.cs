namespace Rollouts.ModelBuilder.Training;

/// <summary>Double-precision helpers shared by the learners.</summary>
internal static class SoftmaxMath
{
    /// <summary>x · W + b for one row; W is [inputs][outputs].</summary>
    public static double[] Affine(double[] x, double[][] w, double[] b)
    {
        var y = (double[])b.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < y.Length; j++)
            {
                y[j] += x[i] * w[i][j];
            }
        }

        return y;
    }

    /// <summary>Numerically stable softmax.</summary>
    public static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        double[] e = logits.Select(l => Math.Exp(l - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}
