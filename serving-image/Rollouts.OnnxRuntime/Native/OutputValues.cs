using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Rollouts.OnnxRuntime.Native;

/// <summary>
/// Copies an output <c>OrtValue</c> into a new <see cref="Tensor"/>: type and shape from <c>GetTensorTypeAndShape</c>,
/// numeric data by one block copy from <c>GetTensorMutableData</c>, strings via <c>GetStringTensorDataLength</c> +
/// <c>GetStringTensorContent</c>. The value itself is not released here.
/// </summary>
internal static unsafe class OutputValues
{
    private const int OnnxTypeTensor = 1;
    private const int StackBytes = 1024;
    private const int StackOffsets = 128;

    /// <summary>Reads <paramref name="value"/> (the output named <paramref name="name"/>) into managed memory.</summary>
    /// <exception cref="NotSupportedException">The value is not a dense tensor, its element type cannot cross the binding,
    /// or it has more than <see cref="int.MaxValue"/> elements.</exception>
    public static Tensor Read(OrtApi api, string name, nint value)
    {
        if (value == 0)
        {
            throw new InvalidOperationException($"ONNX Runtime returned no value for output '{name}'");
        }

        int onnxType;
        api.Check(api.GetValueType(value, &onnxType));
        if (onnxType != OnnxTypeTensor)
        {
            throw new NotSupportedException($"output '{name}' is not a tensor (ONNXType {onnxType}) and cannot be returned");
        }

        nint info;
        api.Check(api.GetTensorTypeAndShape(value, &info));
        TensorElementType type;
        long[] shape;
        try
        {
            (type, shape) = TypeDescriber.ReadTensorInfo(api, info);
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }

        long count = 1;
        foreach (var dim in shape)
        {
            count *= dim;
        }

        if (count > Array.MaxLength)
        {
            throw new NotSupportedException($"output '{name}' has {count} elements, more than a managed array holds");
        }

        var length = (int)count;
        if (type == TensorElementType.String)
        {
            return Tensor.Trusted(name, type, shape, ReadStrings(api, value, length));
        }

        var data = ElementTypes.NewArray(type, length);
        if (length > 0)
        {
            void* source;
            api.Check(api.GetTensorMutableData(value, &source));
            Unsafe.CopyBlockUnaligned(
                ref MemoryMarshal.GetArrayDataReference(data), ref *(byte*)source, (uint)Buffer.ByteLength(data));
        }

        return Tensor.Trusted(name, type, shape, data);
    }

    private static string[] ReadStrings(OrtApi api, nint value, int count)
    {
        if (count == 0)
        {
            return [];
        }

        nuint total;
        api.Check(api.GetStringTensorDataLength(value, &total));
        if (total > int.MaxValue)
        {
            throw new NotSupportedException($"string tensor content of {total} bytes is too large");
        }

        var length = (int)total;
        byte[]? rentedBytes = null;
        nuint[]? rentedOffsets = null;
        var content = length <= StackBytes ? stackalloc byte[StackBytes] : (rentedBytes = ArrayPool<byte>.Shared.Rent(length));
        var offsets = count <= StackOffsets ? stackalloc nuint[StackOffsets] : (rentedOffsets = ArrayPool<nuint>.Shared.Rent(count));
        try
        {
            fixed (byte* c = content)
            fixed (nuint* o = offsets)
            {
                api.Check(api.GetStringTensorContent(value, c, total, o, (nuint)count));
            }

            var strings = new string[count];
            for (var i = 0; i < count; i++)
            {
                var start = (int)offsets[i];
                var end = i + 1 < count ? (int)offsets[i + 1] : length;
                strings[i] = Encoding.UTF8.GetString(content[start..end]);
            }

            return strings;
        }
        finally
        {
            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }

            if (rentedOffsets is not null)
            {
                ArrayPool<nuint>.Shared.Return(rentedOffsets);
            }
        }
    }
}
