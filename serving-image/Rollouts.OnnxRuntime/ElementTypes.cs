namespace Rollouts.OnnxRuntime;

/// <summary>Mappings between <see cref="TensorElementType"/>, CLR array types, element sizes and ONNX type names.</summary>
internal static class ElementTypes
{
    /// <summary>The element type a CLR element type maps to (ushort → UInt16), or null when unsupported.</summary>
    public static TensorElementType? ForClrType(Type type) =>
        type == typeof(float) ? TensorElementType.Float
        : type == typeof(byte) ? TensorElementType.UInt8
        : type == typeof(sbyte) ? TensorElementType.Int8
        : type == typeof(ushort) ? TensorElementType.UInt16
        : type == typeof(short) ? TensorElementType.Int16
        : type == typeof(int) ? TensorElementType.Int32
        : type == typeof(long) ? TensorElementType.Int64
        : type == typeof(string) ? TensorElementType.String
        : type == typeof(bool) ? TensorElementType.Bool
        : type == typeof(double) ? TensorElementType.Double
        : type == typeof(uint) ? TensorElementType.UInt32
        : type == typeof(ulong) ? TensorElementType.UInt64
        : null;

    /// <summary>The managed array type carrying <paramref name="type"/>, or null when it cannot cross the binding.</summary>
    public static Type? ClrArrayType(TensorElementType type) => type switch
    {
        TensorElementType.Float => typeof(float[]),
        TensorElementType.UInt8 => typeof(byte[]),
        TensorElementType.Int8 => typeof(sbyte[]),
        TensorElementType.UInt16 or TensorElementType.Float16 or TensorElementType.BFloat16 => typeof(ushort[]),
        TensorElementType.Int16 => typeof(short[]),
        TensorElementType.Int32 => typeof(int[]),
        TensorElementType.Int64 => typeof(long[]),
        TensorElementType.String => typeof(string[]),
        TensorElementType.Bool => typeof(bool[]),
        TensorElementType.Double => typeof(double[]),
        TensorElementType.UInt32 => typeof(uint[]),
        TensorElementType.UInt64 => typeof(ulong[]),
        _ => null,
    };

    /// <summary>A new zeroed array of <paramref name="length"/> elements for a numeric or bool type.</summary>
    /// <exception cref="NotSupportedException">The type cannot cross the binding (strings are built elsewhere).</exception>
    public static Array NewArray(TensorElementType type, int length) => type switch
    {
        TensorElementType.Float => new float[length],
        TensorElementType.UInt8 => new byte[length],
        TensorElementType.Int8 => new sbyte[length],
        TensorElementType.UInt16 or TensorElementType.Float16 or TensorElementType.BFloat16 => new ushort[length],
        TensorElementType.Int16 => new short[length],
        TensorElementType.Int32 => new int[length],
        TensorElementType.Int64 => new long[length],
        TensorElementType.Bool => new bool[length],
        TensorElementType.Double => new double[length],
        TensorElementType.UInt32 => new uint[length],
        TensorElementType.UInt64 => new ulong[length],
        _ => throw new NotSupportedException($"tensor element type {type} ({(int)type}) cannot be returned by this binding"),
    };

    /// <summary>ONNX's name of an element type as used in type strings, e.g. "float", "int64", "float16".</summary>
    public static string OnnxName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.Int8 => "int8",
        TensorElementType.UInt16 => "uint16",
        TensorElementType.Int16 => "int16",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int64 => "int64",
        TensorElementType.String => "string",
        TensorElementType.Bool => "bool",
        TensorElementType.Float16 => "float16",
        TensorElementType.Double => "double",
        TensorElementType.UInt32 => "uint32",
        TensorElementType.UInt64 => "uint64",
        TensorElementType.Complex64 => "complex64",
        TensorElementType.Complex128 => "complex128",
        TensorElementType.BFloat16 => "bfloat16",
        TensorElementType.Float8E4M3FN => "float8e4m3fn",
        TensorElementType.Float8E4M3FNUZ => "float8e4m3fnuz",
        TensorElementType.Float8E5M2 => "float8e5m2",
        TensorElementType.Float8E5M2FNUZ => "float8e5m2fnuz",
        TensorElementType.UInt4 => "uint4",
        TensorElementType.Int4 => "int4",
        TensorElementType.Float4E2M1 => "float4e2m1",
        _ => $"undefined({(int)type})",
    };
}
