namespace Rollouts.ModelBuilder.Training;

/// <summary>
/// A stack of dense layers ending in class logits; the C# reference of what the exported graph computes
/// (Softmax over the logits for "probabilities", ArgMax for "label").
/// </summary>
/// <param name="Layers">Layers in order; the last one emits one logit per class.</param>
public sealed record DenseNetwork(IReadOnlyList<DenseLayer> Layers)
{
    /// <summary>Number of classes (width of the last layer).</summary>
    public int Classes => Layers[^1].Outputs;

    /// <summary>Logits of one input row.</summary>
    public float[] Logits(float[] x) => Layers.Aggregate(x, (h, layer) => layer.Forward(h));

    /// <summary>Predicted class index (first maximum, as ONNX ArgMax).</summary>
    public int Predict(float[] x) => ArgMax(Logits(x));

    /// <summary>Softmax of the logits.</summary>
    public double[] Probabilities(float[] x)
    {
        float[] logits = Logits(x);
        double max = logits.Max();
        double[] e = Array.ConvertAll(logits, l => Math.Exp(l - max));
        double sum = e.Sum();
        return Array.ConvertAll(e, v => v / sum);
    }

    /// <summary>Index of the first maximum.</summary>
    public static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
