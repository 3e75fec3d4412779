using System.Text.Json;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Model;

/// <summary>One model input or output as served: name, element type, V2 datatype and shape (-1 for a dynamic dim).</summary>
/// <param name="Name">The ONNX name (any string).</param>
/// <param name="ElementType">The ONNX element type.</param>
/// <param name="Shape">Dims, -1 where dynamic or symbolic.</param>
public sealed record TensorSpec(string Name, TensorElementType ElementType, long[] Shape)
{
    /// <summary>The V2 datatype name, e.g. "FP32".</summary>
    public string Datatype { get; } = V2Datatype.NameOf(ElementType);

    /// <summary>The name pre-encoded for Utf8JsonWriter.</summary>
    public JsonEncodedText EncodedName { get; } = JsonEncodedText.Encode(Name);

    /// <summary>The name in UTF-8, for matching request names without allocating.</summary>
    public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(Name);

    /// <summary>The shape written as in error messages: <c>[-1,4]</c>.</summary>
    public string ShapeText { get; } = ShapeFormat.Format(Shape);
}
