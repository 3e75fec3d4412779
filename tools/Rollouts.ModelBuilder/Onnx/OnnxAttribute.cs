using System.Text;
using Google.Protobuf;
using Rollouts.ModelBuilder.Onnx.Proto;

namespace Rollouts.ModelBuilder.Onnx;

/// <summary>
/// A named node attribute (ONNX <c>AttributeProto</c>), e.g. <c>OnnxAttribute.Int("axis", 1)</c>.
/// Create one with the static factories; the attribute type discriminator is set for you.
/// </summary>
public sealed class OnnxAttribute
{
    private readonly AttributeProto _proto;

    private OnnxAttribute(AttributeProto proto) => _proto = proto;

    /// <summary>Attribute name, e.g. "axis".</summary>
    public string Name => _proto.Name;

    /// <summary>A single int64 (ONNX type INT).</summary>
    public static OnnxAttribute Int(string name, long value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });

    /// <summary>A single float (ONNX type FLOAT).</summary>
    public static OnnxAttribute Float(string name, float value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });

    /// <summary>A list of int64 (ONNX type INTS), e.g. <c>Ints("perm", 1, 0)</c>.</summary>
    public static OnnxAttribute Ints(string name, params long[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        proto.Ints.AddRange(values);
        return new OnnxAttribute(proto);
    }

    /// <summary>A list of floats (ONNX type FLOATS).</summary>
    public static OnnxAttribute Floats(string name, params float[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        proto.Floats.AddRange(values);
        return new OnnxAttribute(proto);
    }

    /// <summary>A UTF-8 string (ONNX type STRING).</summary>
    public static OnnxAttribute String(string name, string value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFrom(value, Encoding.UTF8) });

    /// <summary>A list of UTF-8 strings (ONNX type STRINGS), e.g. a LabelEncoder's keys.</summary>
    public static OnnxAttribute Strings(string name, params string[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        proto.Strings.AddRange(values.Select(v => ByteString.CopyFrom(v, Encoding.UTF8)));
        return new OnnxAttribute(proto);
    }

    /// <summary>A constant tensor (ONNX type TENSOR), e.g. the <c>value</c> of a Constant node.</summary>
    public static OnnxAttribute Tensor(string name, OnnxTensor value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value.ToProto(null) });

    internal AttributeProto ToProto() => _proto.Clone();
}
