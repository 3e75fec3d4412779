using Rollouts.ModelBuilder.Onnx;
using Rollouts.Testing;

namespace Rollouts.OnnxRuntime.Tests;

public sealed class MetadataTests
{
    [Fact]
    public void Describes_inputs_and_outputs_in_graph_order_with_symbolic_dims_as_minus_one()
    {
        using var session = TestRuntime.Load(TestModels.Classifier());

        session.Inputs.ShouldBe([new NodeInfo("input", true, TensorElementType.Float, [-1, 4], "tensor(float)")], ignoreOrder: false, comparer: NodeInfoComparer.Instance);
        session.Outputs.ShouldBe(
            [
                new NodeInfo("label", true, TensorElementType.Int64, [-1], "tensor(int64)"),
                new NodeInfo("probabilities", true, TensorElementType.Float, [-1, 3], "tensor(float)"),
            ],
            ignoreOrder: false,
            comparer: NodeInfoComparer.Instance);
    }

    [Fact]
    public void Describes_a_zipmap_output_as_a_non_tensor_with_its_onnx_type()
    {
        using var session = TestRuntime.Load(TestModels.WithZipMap());

        var zipMap = session.Outputs.Single(o => o.Name == "output_probability");
        zipMap.IsTensor.ShouldBeFalse();
        zipMap.ElementType.ShouldBe(TensorElementType.Undefined);
        zipMap.Shape.ShouldBeEmpty();
        zipMap.TypeDescription.ShouldBe("seq(map(int64,tensor(float)))");
    }

    [Fact]
    public void Keeps_names_that_are_not_identifiers()
    {
        using var session = TestRuntime.Load(TestModels.Identity(OnnxDataType.Float, "onnx::Flatten_0", "39", 2, -1));

        session.Inputs[0].Name.ShouldBe("onnx::Flatten_0");
        session.Inputs[0].Shape.ShouldBe([2, -1]);
        session.Outputs[0].Name.ShouldBe("39");
    }

    [Fact]
    public void Describes_a_scalar_with_an_empty_shape()
    {
        using var session = TestRuntime.Load(TestModels.Identity(OnnxDataType.Double, "s", "t"));

        session.Inputs[0].Shape.ShouldBeEmpty();
        session.Inputs[0].ElementType.ShouldBe(TensorElementType.Double);
        session.Inputs[0].TypeDescription.ShouldBe("tensor(double)");
    }

    [Theory]
    [InlineData(OnnxDataType.Float, TensorElementType.Float, "tensor(float)")]
    [InlineData(OnnxDataType.UInt8, TensorElementType.UInt8, "tensor(uint8)")]
    [InlineData(OnnxDataType.Int8, TensorElementType.Int8, "tensor(int8)")]
    [InlineData(OnnxDataType.UInt16, TensorElementType.UInt16, "tensor(uint16)")]
    [InlineData(OnnxDataType.Int16, TensorElementType.Int16, "tensor(int16)")]
    [InlineData(OnnxDataType.Int32, TensorElementType.Int32, "tensor(int32)")]
    [InlineData(OnnxDataType.Int64, TensorElementType.Int64, "tensor(int64)")]
    [InlineData(OnnxDataType.String, TensorElementType.String, "tensor(string)")]
    [InlineData(OnnxDataType.Bool, TensorElementType.Bool, "tensor(bool)")]
    [InlineData(OnnxDataType.Float16, TensorElementType.Float16, "tensor(float16)")]
    [InlineData(OnnxDataType.Double, TensorElementType.Double, "tensor(double)")]
    [InlineData(OnnxDataType.UInt32, TensorElementType.UInt32, "tensor(uint32)")]
    [InlineData(OnnxDataType.UInt64, TensorElementType.UInt64, "tensor(uint64)")]
    public void Reports_every_element_type(OnnxDataType onnxType, TensorElementType expected, string description)
    {
        using var session = TestRuntime.Load(TestModels.Identity(onnxType, "x", "y", -1));

        session.Inputs[0].ElementType.ShouldBe(expected);
        session.Outputs[0].ElementType.ShouldBe(expected);
        session.Outputs[0].TypeDescription.ShouldBe(description);
    }

    private sealed class NodeInfoComparer : IEqualityComparer<NodeInfo>
    {
        public static readonly NodeInfoComparer Instance = new();

        public bool Equals(NodeInfo? x, NodeInfo? y) =>
            x is not null && y is not null && x.Name == y.Name && x.IsTensor == y.IsTensor && x.ElementType == y.ElementType
            && x.Shape.SequenceEqual(y.Shape) && x.TypeDescription == y.TypeDescription;

        public int GetHashCode(NodeInfo obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
