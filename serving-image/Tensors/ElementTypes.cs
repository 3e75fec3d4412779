namespace Rollouts.Serving.Tensors;

/// <summary>Mappings between <see cref="TensorElementType"/>, CLR element types and ONNX's type names.</summary>
internal static class ElementTypes
{
    /// <summary>The element type a CLR element type maps to (ushort → UInt16), or null when the server does not carry it.</summary>
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
