namespace Rollouts.Serving.Tensors;

/// <summary>
/// Element type of a tensor. The values are ONNX's <c>TensorProto.DataType</c> (onnx/onnx.proto), which ONNX Runtime's
/// <c>ONNXTensorElementDataType</c> and its managed <c>Microsoft.ML.OnnxRuntime.Tensors.TensorElementType</c> copy, so a
/// value converts to ONNX Runtime's by a cast. The CLR type each maps to in <see cref="Tensor.Data"/> is given per member;
/// members after <see cref="UInt64"/> are reported in model metadata but never carried as data by this server.
/// </summary>
public enum TensorElementType
{
    /// <summary>Not a tensor element type (the <see cref="Onnx.NodeInfo.ElementType"/> of non-tensor values).</summary>
    Undefined = 0,

    /// <summary>32-bit IEEE 754 float: <see cref="float"/>.</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer: <see cref="byte"/>.</summary>
    UInt8 = 2,

    /// <summary>Signed 8-bit integer: <see cref="sbyte"/>.</summary>
    Int8 = 3,

    /// <summary>Unsigned 16-bit integer: <see cref="ushort"/>.</summary>
    UInt16 = 4,

    /// <summary>Signed 16-bit integer: <see cref="short"/>.</summary>
    Int16 = 5,

    /// <summary>Signed 32-bit integer: <see cref="int"/>.</summary>
    Int32 = 6,

    /// <summary>Signed 64-bit integer: <see cref="long"/>.</summary>
    Int64 = 7,

    /// <summary>UTF-8 string: <see cref="string"/>.</summary>
    String = 8,

    /// <summary>Boolean, one byte per element: <see cref="bool"/>.</summary>
    Bool = 9,

    /// <summary>IEEE 754 half-precision float (metadata only: the server refuses FP16 models and requests).</summary>
    Float16 = 10,

    /// <summary>64-bit IEEE 754 float: <see cref="double"/>.</summary>
    Double = 11,

    /// <summary>Unsigned 32-bit integer: <see cref="uint"/>.</summary>
    UInt32 = 12,

    /// <summary>Unsigned 64-bit integer: <see cref="ulong"/>.</summary>
    UInt64 = 13,

    /// <summary>Complex number of two 32-bit floats (metadata only).</summary>
    Complex64 = 14,

    /// <summary>Complex number of two 64-bit floats (metadata only).</summary>
    Complex128 = 15,

    /// <summary>bfloat16 (metadata only).</summary>
    BFloat16 = 16,

    /// <summary>8-bit float E4M3FN (metadata only).</summary>
    Float8E4M3FN = 17,

    /// <summary>8-bit float E4M3FNUZ (metadata only).</summary>
    Float8E4M3FNUZ = 18,

    /// <summary>8-bit float E5M2 (metadata only).</summary>
    Float8E5M2 = 19,

    /// <summary>8-bit float E5M2FNUZ (metadata only).</summary>
    Float8E5M2FNUZ = 20,

    /// <summary>Unsigned 4-bit integer, two per byte (metadata only).</summary>
    UInt4 = 21,

    /// <summary>Signed 4-bit integer, two per byte (metadata only).</summary>
    Int4 = 22,

    /// <summary>4-bit float E2M1, two per byte (metadata only).</summary>
    Float4E2M1 = 23,
}
