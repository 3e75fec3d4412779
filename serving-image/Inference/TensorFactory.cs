using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Inference;

/// <summary>Creates binding tensors from untyped managed arrays, and concatenates tensors along the first dim.</summary>
public static class TensorFactory
{
    /// <summary>A tensor over <paramref name="data"/> (float[], long[], string[] …); the shape's product must equal its length.</summary>
    /// <exception cref="ArgumentException">The array type has no ONNX element type.</exception>
    public static Tensor FromArray(string name, long[] shape, Array data) => Type.GetTypeCode(data.GetType().GetElementType()) switch
    {
        // Switch on the exact element type: the CLR lets byte[] pass as sbyte[] (and uint[] as int[] …) in type tests.
        TypeCode.Single => Tensor.Create(name, shape, (float[])data),
        TypeCode.Double => Tensor.Create(name, shape, (double[])data),
        TypeCode.SByte => Tensor.Create(name, shape, (sbyte[])data),
        TypeCode.Byte => Tensor.Create(name, shape, (byte[])data),
        TypeCode.Int16 => Tensor.Create(name, shape, (short[])data),
        TypeCode.UInt16 => Tensor.Create(name, shape, (ushort[])data),
        TypeCode.Int32 => Tensor.Create(name, shape, (int[])data),
        TypeCode.UInt32 => Tensor.Create(name, shape, (uint[])data),
        TypeCode.Int64 => Tensor.Create(name, shape, (long[])data),
        TypeCode.UInt64 => Tensor.Create(name, shape, (ulong[])data),
        TypeCode.Boolean => Tensor.Create(name, shape, (bool[])data),
        TypeCode.String => Tensor.FromStrings(name, shape, (string[])data),
        _ => throw new ArgumentException($"no ONNX element type for {data.GetType()}", nameof(data)),
    };

    /// <summary>
    /// Concatenates same-named tensors along dim 0 (all other dims must agree; the caller groups requests so they do).
    /// </summary>
    public static Tensor Concat(IReadOnlyList<Tensor> parts)
    {
        var first = parts[0];
        long rows = 0;
        long total = 0;
        foreach (var part in parts)
        {
            rows += part.Shape[0];
            total += part.Data.LongLength;
        }

        var data = Array.CreateInstance(first.Data.GetType().GetElementType()!, total);
        long offset = 0;
        foreach (var part in parts)
        {
            Array.Copy(part.Data, 0, data, offset, part.Data.LongLength);
            offset += part.Data.LongLength;
        }

        var shape = (long[])first.Shape.Clone();
        shape[0] = rows;
        return FromArray(first.Name, shape, data);
    }
}
