using Microsoft.ML.OnnxRuntime;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Onnx;

/// <summary>
/// Crosses the seam between <see cref="Tensor"/> and ONNX Runtime's <see cref="OrtValue"/>: numeric and bool inputs are
/// wrapped in place (<see cref="OrtValue.CreateTensorValueFromMemory{T}(T[], long[])"/> pins the managed array for the
/// value's lifetime; nothing is copied), strings are converted to UTF-8 into a native string tensor (ONNX Runtime keeps
/// strings in its own layout, so a copy cannot be avoided). Outputs either go straight into managed arrays the server
/// allocates beforehand (<see cref="Allocate"/>, when their shapes are known before the Run) or are copied once out of
/// the values ONNX Runtime allocates (<see cref="FromOrtValue"/>), because native buffers die with the Run's result
/// values while a merged Run's rows are written into several responses later.
/// </summary>
internal static class TensorValues
{
    /// <summary>An input value over <paramref name="tensor"/>'s data; the caller disposes it after the Run.</summary>
    /// <exception cref="NotSupportedException">An element type the server does not carry.</exception>
    public static OrtValue ToOrtValue(Tensor tensor) => tensor.ElementType switch
    {
        TensorElementType.Float => OrtValue.CreateTensorValueFromMemory((float[])tensor.Data, tensor.Shape),
        TensorElementType.Double => OrtValue.CreateTensorValueFromMemory((double[])tensor.Data, tensor.Shape),
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory((long[])tensor.Data, tensor.Shape),
        TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory((int[])tensor.Data, tensor.Shape),
        TensorElementType.Int16 => OrtValue.CreateTensorValueFromMemory((short[])tensor.Data, tensor.Shape),
        TensorElementType.Int8 => OrtValue.CreateTensorValueFromMemory((sbyte[])tensor.Data, tensor.Shape),
        TensorElementType.UInt8 => OrtValue.CreateTensorValueFromMemory((byte[])tensor.Data, tensor.Shape),
        TensorElementType.UInt16 => OrtValue.CreateTensorValueFromMemory((ushort[])tensor.Data, tensor.Shape),
        TensorElementType.UInt32 => OrtValue.CreateTensorValueFromMemory((uint[])tensor.Data, tensor.Shape),
        TensorElementType.UInt64 => OrtValue.CreateTensorValueFromMemory((ulong[])tensor.Data, tensor.Shape),
        TensorElementType.Bool => OrtValue.CreateTensorValueFromMemory((bool[])tensor.Data, tensor.Shape),
        TensorElementType.String => Strings((string[])tensor.Data, tensor.Shape),
        _ => throw new NotSupportedException($"tensor '{tensor.Name}' has element type {tensor.ElementType}, which the server does not pass to ONNX Runtime"),
    };

    /// <summary>Whether <see cref="Allocate"/> can make an output of this element type (numeric and bool; not strings).</summary>
    public static bool CanAllocate(TensorElementType type) => type is TensorElementType.Float or TensorElementType.Double
        or TensorElementType.Int64 or TensorElementType.Int32 or TensorElementType.Int16 or TensorElementType.Int8
        or TensorElementType.UInt8 or TensorElementType.UInt16 or TensorElementType.UInt32 or TensorElementType.UInt64
        or TensorElementType.Bool;

    /// <summary>
    /// A zeroed managed output tensor of <paramref name="shape"/> and the value over it that ONNX Runtime writes the
    /// output into (pinned, no copy afterwards); the caller disposes the value after the Run.
    /// </summary>
    /// <exception cref="NotSupportedException">A type <see cref="CanAllocate"/> refuses.</exception>
    public static (Tensor Tensor, OrtValue Value) Allocate(string name, TensorElementType type, long[] shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            count = checked(count * dim);
        }

        var length = checked((int)count);
        (Array data, OrtValue value) = type switch
        {
            TensorElementType.Float => Over(new float[length], shape),
            TensorElementType.Double => Over(new double[length], shape),
            TensorElementType.Int64 => Over(new long[length], shape),
            TensorElementType.Int32 => Over(new int[length], shape),
            TensorElementType.Int16 => Over(new short[length], shape),
            TensorElementType.Int8 => Over(new sbyte[length], shape),
            TensorElementType.UInt8 => Over(new byte[length], shape),
            TensorElementType.UInt16 => Over(new ushort[length], shape),
            TensorElementType.UInt32 => Over(new uint[length], shape),
            TensorElementType.UInt64 => Over(new ulong[length], shape),
            TensorElementType.Bool => Over(new bool[length], shape),
            _ => throw new NotSupportedException($"output '{name}' of element type {type} cannot be allocated by the server"),
        };
        return (Tensor.Trusted(name, type, shape, data), value);
    }

    /// <summary>Copies a tensor output of a Run into a <see cref="Tensor"/> named <paramref name="name"/>.</summary>
    /// <exception cref="NotSupportedException">The output is not a tensor, or its element type is not carried.</exception>
    public static Tensor FromOrtValue(string name, OrtValue value)
    {
        if (!value.IsTensor)
        {
            throw new NotSupportedException($"output '{name}' is a {value.OnnxType}, not a tensor");
        }

        var info = value.GetTensorTypeAndShape();
        var type = (TensorElementType)(int)info.ElementDataType;
        Array data = type switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            TensorElementType.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            TensorElementType.Int16 => value.GetTensorDataAsSpan<short>().ToArray(),
            TensorElementType.Int8 => value.GetTensorDataAsSpan<sbyte>().ToArray(),
            TensorElementType.UInt8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            TensorElementType.UInt16 => value.GetTensorDataAsSpan<ushort>().ToArray(),
            TensorElementType.UInt32 => value.GetTensorDataAsSpan<uint>().ToArray(),
            TensorElementType.UInt64 => value.GetTensorDataAsSpan<ulong>().ToArray(),
            TensorElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            TensorElementType.String => value.GetStringTensorAsArray(),
            _ => throw new NotSupportedException($"output '{name}' has element type {type}, which the server does not return"),
        };

        return Tensor.Trusted(name, type, info.Shape, data);
    }

    private static (Array Data, OrtValue Value) Over<T>(T[] data, long[] shape)
        where T : unmanaged => (data, OrtValue.CreateTensorValueFromMemory(data, shape));

    private static OrtValue Strings(string[] strings, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        try
        {
            for (var i = 0; i < strings.Length; i++)
            {
                value.StringTensorSetElementAt(strings[i].AsSpan(), i);
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }
}
