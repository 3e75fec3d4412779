using Rollouts.Serving.Inference;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Model;

/// <summary>Synthesises a warm-up input from the model's metadata: dynamic dims become 1 (batch 1), values are zeros / "".</summary>
public static class WarmupInput
{
    /// <summary>One tensor per model input, in the model's order.</summary>
    public static Tensor[] Create(ModelSignature signature)
    {
        var tensors = new Tensor[signature.Inputs.Count];
        for (var i = 0; i < tensors.Length; i++)
        {
            var spec = signature.Inputs[i];
            var shape = new long[spec.Shape.Length];
            long count = 1;
            for (var d = 0; d < shape.Length; d++)
            {
                shape[d] = spec.Shape[d] < 0 ? 1 : spec.Shape[d];
                count *= shape[d];
            }

            tensors[i] = TensorFactory.FromArray(spec.Name, shape, Zeros(spec.ElementType, (int)count));
        }

        return tensors;
    }

    private static Array Zeros(TensorElementType type, int count) => type switch
    {
        TensorElementType.Float => new float[count],
        TensorElementType.Double => new double[count],
        TensorElementType.Int8 => new sbyte[count],
        TensorElementType.UInt8 => new byte[count],
        TensorElementType.Int16 => new short[count],
        TensorElementType.UInt16 => new ushort[count],
        TensorElementType.Int32 => new int[count],
        TensorElementType.UInt32 => new uint[count],
        TensorElementType.Int64 => new long[count],
        TensorElementType.UInt64 => new ulong[count],
        TensorElementType.Bool => new bool[count],
        TensorElementType.String => Enumerable.Repeat(string.Empty, count).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no warm-up value for this element type"),
    };
}
