namespace Rollouts.Serving.Tensors;

/// <summary>
/// A named dense tensor as the server carries it between the request parser, the batcher, ONNX Runtime and the response
/// writer: the row-major elements in a managed array of the CLR type matching <see cref="ElementType"/>
/// (<c>float[]</c>, <c>double[]</c>, <c>sbyte[]</c>, <c>byte[]</c>, <c>short[]</c>, <c>ushort[]</c>, <c>int[]</c>,
/// <c>uint[]</c>, <c>long[]</c>, <c>ulong[]</c>, <c>bool[]</c>, <c>string[]</c>). This type is the seam: nothing but
/// <see cref="Onnx.OnnxSession"/> sees ONNX Runtime's own types. The factories check that the shape's element count
/// equals the data length; names, element types and ranks are checked against the model elsewhere.
/// </summary>
public sealed class Tensor
{
    private Tensor(string name, TensorElementType elementType, long[] shape, Array data)
    {
        Name = name;
        ElementType = elementType;
        Shape = shape;
        Data = data;
    }

    /// <summary>The model input or output name this tensor binds to.</summary>
    public string Name { get; }

    /// <summary>The element type; fixes the CLR type of <see cref="Data"/>.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The dimensions, each ≥ 0; empty for a scalar.</summary>
    public long[] Shape { get; }

    /// <summary>The elements in row-major order; its length is the product of <see cref="Shape"/>.</summary>
    public Array Data { get; }

    /// <summary>Number of elements (the length of <see cref="Data"/>).</summary>
    public int Length => Data.Length;

    /// <summary>A tensor of a numeric, bool or string CLR type; the element type follows from <typeparamref name="T"/>.</summary>
    /// <param name="name">Model input or output name.</param>
    /// <param name="shape">Dimensions, each ≥ 0 (not copied).</param>
    /// <param name="data">Row-major elements (not copied).</param>
    /// <exception cref="ArgumentException">Unsupported <typeparamref name="T"/>, a null string element, a negative
    /// dimension, or the shape's element count differs from <paramref name="data"/>'s length.</exception>
    public static Tensor Create<T>(string name, long[] shape, T[] data)
    {
        var type = ClrTypeOf<T>.ElementType
            ?? throw new ArgumentException($"{typeof(T).Name} is not a supported tensor element type", nameof(data));
        return type == TensorElementType.String ? FromStrings(name, shape, (string[])(object)data) : Validated(name, type, shape, data);
    }

    /// <summary>A string tensor (<see cref="TensorElementType.String"/>); elements cross to ONNX Runtime as UTF-8.</summary>
    /// <exception cref="ArgumentException">A null element, a negative dimension or a shape/length mismatch.</exception>
    public static Tensor FromStrings(string name, long[] shape, string[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] is null)
            {
                throw new ArgumentException($"string tensor '{name}' has a null element at index {i}", nameof(data));
            }
        }

        return Validated(name, TensorElementType.String, shape, data);
    }

    /// <summary>Wraps arrays the server produced itself (shape and length already consistent, e.g. Run outputs).</summary>
    internal static Tensor Trusted(string name, TensorElementType elementType, long[] shape, Array data) =>
        new(name, elementType, shape, data);

    private static Tensor Validated(string name, TensorElementType type, long[] shape, Array data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException(
                    $"tensor '{name}' has a negative dimension in shape [{string.Join(',', shape)}]", nameof(shape));
            }

            count = dim == 0 || count == 0 ? 0 : checked(count * dim);
        }

        if (count != data.LongLength)
        {
            throw new ArgumentException(
                $"tensor '{name}' has shape [{string.Join(',', shape)}] ({count} elements) but {data.LongLength} values",
                nameof(data));
        }

        return new Tensor(name, type, shape, data);
    }

    private static class ClrTypeOf<T>
    {
        public static readonly TensorElementType? ElementType = ElementTypes.ForClrType(typeof(T));
    }
}
