namespace Rollouts.ModelBuilder.Training;

/// <summary>
/// A trained affine layer y = act(x · W + b) in float32, exactly as exported to ONNX (MatMul, Add, activation).
/// </summary>
/// <param name="Weights">Row-major [Inputs, Outputs] (the MatMul right-hand side).</param>
/// <param name="Bias">[Outputs].</param>
/// <param name="Inputs">Input width.</param>
/// <param name="Outputs">Output width.</param>
/// <param name="Activation">Applied after the bias.</param>
public sealed record DenseLayer(float[] Weights, float[] Bias, int Inputs, int Outputs, Activation Activation)
{
    /// <summary>Builds a float32 layer from double parameters W[i][j] (input i, output j) and b[j].</summary>
    public static DenseLayer FromDoubles(double[][] weights, double[] bias, Activation activation)
    {
        int inputs = weights.Length;
        int outputs = bias.Length;
        var w = new float[inputs * outputs];
        for (int i = 0; i < inputs; i++)
        {
            for (int j = 0; j < outputs; j++)
            {
                w[(i * outputs) + j] = (float)weights[i][j];
            }
        }

        return new DenseLayer(w, Array.ConvertAll(bias, b => (float)b), inputs, outputs, activation);
    }

    /// <summary>Float32 forward pass of one row (length <see cref="Inputs"/>).</summary>
    public float[] Forward(float[] x)
    {
        // Row-major walk (cache friendly); each y[j] still sums x[i]·W[i][j] in ascending i.
        var y = new float[Outputs];
        for (int i = 0; i < Inputs; i++)
        {
            float xi = x[i];
            int row = i * Outputs;
            for (int j = 0; j < Outputs; j++)
            {
                y[j] += xi * Weights[row + j];
            }
        }

        for (int j = 0; j < Outputs; j++)
        {
            y[j] = Activate(y[j] + Bias[j]);
        }

        return y;
    }

    private float Activate(float v) => Activation switch
    {
        Activation.Tanh => MathF.Tanh(v),
        Activation.Relu => MathF.Max(v, 0f),
        _ => v,
    };
}
