using Rollouts.Serving.Inference;
using Rollouts.Serving.Model;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Feedback;

/// <summary>
/// Where a model's predicted label per row comes from: the first output of integer, bool or string type with one value
/// per row (shape [N] or [N, 1]); else the argmax over the last axis of the first float output of shape [N, C]; else
/// nowhere (a regression: its ids carry the row count only, and feedback for them cannot be judged).
/// </summary>
public sealed class LabelSource
{
    private readonly int output;
    private readonly bool argmax;

    private LabelSource(int output, bool argmax)
    {
        this.output = output;
        this.argmax = argmax;
    }

    /// <summary>The label source of a model's outputs.</summary>
    public static LabelSource For(ModelSignature signature)
    {
        var outputs = signature.Outputs;
        for (var i = 0; i < outputs.Count; i++)
        {
            var shape = outputs[i].Shape;
            if (IsLabelType(outputs[i].ElementType) && (shape.Length == 1 || (shape.Length == 2 && shape[1] == 1)))
            {
                return new LabelSource(i, argmax: false);
            }
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].ElementType is TensorElementType.Float or TensorElementType.Double && outputs[i].Shape.Length == 2)
            {
                return new LabelSource(i, argmax: true);
            }
        }

        return new LabelSource(-1, argmax: false);
    }

    /// <summary>Whether a type is compared as a label (integers, bool, string) rather than as a float.</summary>
    public static bool IsLabelType(TensorElementType type) => type is not (TensorElementType.Float or TensorElementType.Double);

    /// <summary>The predicted label of each of the request's rows in <paramref name="outcome"/> (whose outputs are set).</summary>
    public PredictedLabels Labels(InferenceOutcome outcome)
    {
        var outputs = outcome.Outputs!;
        if (output < 0)
        {
            var first = outputs[0];
            var own = OutputSlice.Of(first, outcome);
            return PredictedLabels.None(own.Shape.Length == 0 ? 1 : (int)own.Shape[0]);
        }

        var tensor = outputs[output];
        var slice = OutputSlice.Of(tensor, outcome);
        var rows = slice.Shape.Length == 0 ? 1 : (int)slice.Shape[0];
        if (argmax)
        {
            return new PredictedLabels(rows, Argmax(tensor.Data, slice.Start, rows, rows == 0 ? 0 : slice.Count / rows), null);
        }

        if (tensor.Data is string[] strings)
        {
            return new PredictedLabels(rows, null, strings.AsSpan(slice.Start, rows).ToArray());
        }

        var labels = new long[rows];
        for (var r = 0; r < rows; r++)
        {
            labels[r] = Integer(tensor.Data, slice.Start + r);
        }

        return new PredictedLabels(rows, labels, null);
    }

    private static long[] Argmax(Array data, int start, int rows, int classes)
    {
        var labels = new long[rows];
        for (var r = 0; r < rows; r++)
        {
            var best = 0;
            var at = start + (r * classes);
            for (var c = 1; c < classes; c++)
            {
                if (Float(data, at + c) > Float(data, at + best))
                {
                    best = c;
                }
            }

            labels[r] = best;
        }

        return labels;
    }

    private static double Float(Array data, int index) => data is float[] f ? f[index] : ((double[])data)[index];

    private static long Integer(Array data, int index) => Type.GetTypeCode(data.GetType().GetElementType()) switch
    {
        // Switch on the exact element type: the CLR lets ulong[] pass as long[] (and byte[] as sbyte[] …) in type tests.
        TypeCode.Int64 => ((long[])data)[index],
        TypeCode.Int32 => ((int[])data)[index],
        TypeCode.Int16 => ((short[])data)[index],
        TypeCode.SByte => ((sbyte[])data)[index],
        TypeCode.Byte => ((byte[])data)[index],
        TypeCode.UInt16 => ((ushort[])data)[index],
        TypeCode.UInt32 => ((uint[])data)[index],
        TypeCode.UInt64 => unchecked((long)((ulong[])data)[index]),
        TypeCode.Boolean => ((bool[])data)[index] ? 1 : 0,
        _ => throw new ArgumentException($"no integer label in {data.GetType()}", nameof(data)),
    };
}
