using System.Text.Json;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Inference;

/// <summary>
/// Open Inference Protocol datatype names (BOOL, UINT8…UINT64, INT8…INT64, FP16, FP32, FP64, BYTES) and their
/// ONNX element types. FP16 is named but not served: requests and models using it are refused.
/// </summary>
public static class V2Datatype
{
    /// <summary>The datatypes this server accepts, for error messages.</summary>
    public const string Supported = "BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP32, FP64, BYTES";

    /// <summary>The V2 name of an ONNX element type (e.g. Float → "FP32", String → "BYTES").</summary>
    public static string NameOf(TensorElementType type) => type switch
    {
        TensorElementType.Bool => "BOOL",
        TensorElementType.UInt8 => "UINT8",
        TensorElementType.UInt16 => "UINT16",
        TensorElementType.UInt32 => "UINT32",
        TensorElementType.UInt64 => "UINT64",
        TensorElementType.Int8 => "INT8",
        TensorElementType.Int16 => "INT16",
        TensorElementType.Int32 => "INT32",
        TensorElementType.Int64 => "INT64",
        TensorElementType.Float16 => "FP16",
        TensorElementType.Float => "FP32",
        TensorElementType.Double => "FP64",
        TensorElementType.String => "BYTES",
        _ => type.ToString().ToUpperInvariant(),
    };

    /// <summary>
    /// The element type of the JSON string token under <paramref name="reader"/>, compared as UTF-8 without allocating;
    /// 0 for an unknown name.
    /// </summary>
    public static TensorElementType Parse(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("FP32"u8) ? TensorElementType.Float
        : reader.ValueTextEquals("INT64"u8) ? TensorElementType.Int64
        : reader.ValueTextEquals("FP64"u8) ? TensorElementType.Double
        : reader.ValueTextEquals("INT32"u8) ? TensorElementType.Int32
        : reader.ValueTextEquals("BYTES"u8) ? TensorElementType.String
        : reader.ValueTextEquals("BOOL"u8) ? TensorElementType.Bool
        : reader.ValueTextEquals("UINT8"u8) ? TensorElementType.UInt8
        : reader.ValueTextEquals("INT8"u8) ? TensorElementType.Int8
        : reader.ValueTextEquals("INT16"u8) ? TensorElementType.Int16
        : reader.ValueTextEquals("UINT16"u8) ? TensorElementType.UInt16
        : reader.ValueTextEquals("UINT32"u8) ? TensorElementType.UInt32
        : reader.ValueTextEquals("UINT64"u8) ? TensorElementType.UInt64
        : reader.ValueTextEquals("FP16"u8) ? TensorElementType.Float16
        : 0;

    /// <summary>The element type named by <paramref name="name"/> (e.g. "FP32"), matched exactly; 0 for an unknown name.</summary>
    public static TensorElementType FromName(string name) => name switch
    {
        "FP32" => TensorElementType.Float,
        "INT64" => TensorElementType.Int64,
        "FP64" => TensorElementType.Double,
        "INT32" => TensorElementType.Int32,
        "BYTES" => TensorElementType.String,
        "BOOL" => TensorElementType.Bool,
        "UINT8" => TensorElementType.UInt8,
        "INT8" => TensorElementType.Int8,
        "INT16" => TensorElementType.Int16,
        "UINT16" => TensorElementType.UInt16,
        "UINT32" => TensorElementType.UInt32,
        "UINT64" => TensorElementType.UInt64,
        "FP16" => TensorElementType.Float16,
        _ => 0,
    };

    /// <summary>Whether the server can carry this element type over JSON (every V2 type but FP16).</summary>
    public static bool IsServed(TensorElementType type) =>
        type is TensorElementType.Bool or TensorElementType.UInt8 or TensorElementType.UInt16 or TensorElementType.UInt32
            or TensorElementType.UInt64 or TensorElementType.Int8 or TensorElementType.Int16 or TensorElementType.Int32
            or TensorElementType.Int64 or TensorElementType.Float or TensorElementType.Double or TensorElementType.String;
}
