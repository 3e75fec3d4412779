namespace Rollouts.ModelBuilder.Onnx;

/// <summary>
/// Element type of an ONNX tensor; the values are those of <c>TensorProto.DataType</c> in onnx/onnx.proto
/// (and of ONNX Runtime's <c>ONNXTensorElementDataType</c>).
/// </summary>
public enum OnnxDataType
{
    /// <summary>32-bit IEEE 754 float (<c>float</c>).</summary>
    Float = 1,
    /// <summary>Unsigned 8-bit integer (<c>byte</c>).</summary>
    UInt8 = 2,
    /// <summary>Signed 8-bit integer (<c>sbyte</c>).</summary>
    Int8 = 3,
    /// <summary>Unsigned 16-bit integer (<c>ushort</c>).</summary>
    UInt16 = 4,
    /// <summary>Signed 16-bit integer (<c>short</c>).</summary>
    Int16 = 5,
    /// <summary>Signed 32-bit integer (<c>int</c>).</summary>
    Int32 = 6,
    /// <summary>Signed 64-bit integer (<c>long</c>).</summary>
    Int64 = 7,
    /// <summary>UTF-8 string.</summary>
    String = 8,
    /// <summary>Boolean, one byte per element.</summary>
    Bool = 9,
    /// <summary>IEEE 754 half-precision float (bits carried as <c>ushort</c>).</summary>
    Float16 = 10,
    /// <summary>64-bit IEEE 754 float (<c>double</c>).</summary>
    Double = 11,
    /// <summary>Unsigned 32-bit integer (<c>uint</c>).</summary>
    UInt32 = 12,
    /// <summary>Unsigned 64-bit integer (<c>ulong</c>).</summary>
    UInt64 = 13,
}
