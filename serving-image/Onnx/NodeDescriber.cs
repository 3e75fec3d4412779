using Microsoft.ML.OnnxRuntime;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Onnx;

/// <summary>Turns the package's <see cref="NodeMetadata"/> into the server's <see cref="NodeInfo"/>.</summary>
internal static class NodeDescriber
{
    /// <summary>The node as served; <see cref="NodeMetadata.IsTensor"/> is not used (the package answers true for every kind).</summary>
    public static NodeInfo Describe(string name, NodeMetadata metadata)
    {
        if (metadata.OnnxValueType != OnnxValueType.ONNX_TYPE_TENSOR)
        {
            return new NodeInfo(name, false, TensorElementType.Undefined, [], TypeText(metadata));
        }

        var type = (TensorElementType)(int)metadata.ElementDataType;
        var dims = metadata.Dimensions;
        var shape = new long[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            shape[i] = dims[i] < 0 ? -1 : dims[i];
        }

        return new NodeInfo(name, true, type, shape, TypeText(metadata));
    }

    private static string TypeText(NodeMetadata metadata) => metadata.OnnxValueType switch
    {
        OnnxValueType.ONNX_TYPE_TENSOR => $"tensor({ElementTypes.OnnxName((TensorElementType)(int)metadata.ElementDataType)})",
        OnnxValueType.ONNX_TYPE_SPARSETENSOR => $"sparse_tensor({ElementTypes.OnnxName((TensorElementType)(int)metadata.ElementDataType)})",
        OnnxValueType.ONNX_TYPE_SEQUENCE => $"seq({TypeText(metadata.AsSequenceMetadata().ElementMeta)})",
        OnnxValueType.ONNX_TYPE_MAP => MapText(metadata.AsMapMetadata()),
        OnnxValueType.ONNX_TYPE_OPTIONAL => $"optional({TypeText(metadata.AsOptionalMetadata().ElementMeta)})",
        OnnxValueType.ONNX_TYPE_OPAQUE => "opaque",
        _ => "unknown",
    };

    private static string MapText(MapMetadata map) =>
        $"map({ElementTypes.OnnxName((TensorElementType)(int)map.KeyDataType)},{TypeText(map.ValueMetadata)})";
}
