using Microsoft.ML.OnnxRuntime;
using Rollouts.ModelBuilder.Onnx;

namespace Rollouts.ModelBuilder.Tests;

public sealed class OnnxGraphBuilderTests
{
    private static OnnxGraphBuilder Affine() => new OnnxGraphBuilder("affine")
        .AddInput("x", OnnxDataType.Float, -1, 2)
        .AddOutput("y", OnnxDataType.Float, -1, 3)
        .AddInitializer("w", [1f, 2f, 3f, 4f, 5f, 6f], 2, 3)
        .AddInitializer("b", [0.5f, 0f, -0.5f])
        .AddNode("MatMul", ["x", "w"], ["xw"])
        .AddNode("Add", ["xw", "b"], ["y"]);

    [Fact]
    public void A_built_graph_runs_in_onnx_runtime_with_its_initializers()
    {
        using var session = Ort.Load(Affine().ToModelBytes());

        var y = Ort.Run(session, "x", [1, 2], [1f, 1f], ["y"]);

        ((float[])y[0]).ShouldBe([5.5f, 7f, 8.5f]);
        session.InputMetadata["x"].Dimensions.ShouldBe([-1, 2]);
    }

    [Fact]
    public void Attributes_and_int64_initializers_reach_the_operators()
    {
        byte[] model = new OnnxGraphBuilder("attrs")
            .AddInput("x", OnnxDataType.Float, -1, 3)
            .AddOutput("top", OnnxDataType.Int64, -1)
            .AddOutput("picked", OnnxDataType.Float, -1, 2)
            .AddInitializer("columns", [2L, 0L])
            .AddNode("ArgMax", ["x"], ["top"], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0))
            .AddNode("Gather", ["x", "columns"], ["picked"], OnnxAttribute.Int("axis", 1))
            .ToModelBytes();
        using var session = Ort.Load(model);

        var outputs = Ort.Run(session, "x", [2, 3], [1f, 9f, 2f, 7f, 0f, 3f], ["top", "picked"]);

        ((long[])outputs[0]).ShouldBe([1L, 0L]);
        ((float[])outputs[1]).ShouldBe([2f, 1f, 3f, 7f]);
    }

    [Fact]
    public void Serialisation_is_deterministic()
    {
        Affine().ToModelBytes().ShouldBe(Affine().ToModelBytes());
    }

    [Fact]
    public void Reading_an_undefined_value_is_a_clear_error()
    {
        var builder = new OnnxGraphBuilder("g").AddInput("x", OnnxDataType.Float, 1).AddOutput("y", OnnxDataType.Float, 1).AddNode("Add", ["x", "nope"], ["y"]);

        Should.Throw<InvalidOperationException>(() => builder.ToModelBytes()).Message.ShouldContain("'nope'");
    }

    [Fact]
    public void An_output_nothing_produces_is_a_clear_error()
    {
        var builder = new OnnxGraphBuilder("g").AddInput("x", OnnxDataType.Float, 1).AddOutput("y", OnnxDataType.Float, 1);

        Should.Throw<InvalidOperationException>(() => builder.ToModelBytes()).Message.ShouldContain("'y'");
    }

    [Fact]
    public void A_node_of_a_domain_that_is_not_imported_is_a_clear_error()
    {
        var builder = new OnnxGraphBuilder("g")
            .AddInput("x", OnnxDataType.Float, -1, 3)
            .AddSequenceOfMapsOutput("z", OnnxDataType.Int64, OnnxDataType.Float)
            .AddNodeInDomain(OnnxGraphBuilder.MlDomain, "ZipMap", ["x"], ["z"], OnnxAttribute.Ints("classlabels_int64s", 0, 1, 2));

        Should.Throw<InvalidOperationException>(() => builder.ToModelBytes()).Message.ShouldContain("ImportOpset");
        using var session = Ort.Load(builder.ImportOpset(OnnxGraphBuilder.MlDomain, 3).ToModelBytes());
        session.OutputMetadata["z"].OnnxValueType.ShouldBe(OnnxValueType.ONNX_TYPE_SEQUENCE);
    }

    [Fact]
    public void Tensor_data_that_does_not_fill_its_shape_is_refused()
    {
        Should.Throw<ArgumentException>(() => OnnxTensor.FromFloats([1f, 2f, 3f], 2, 2));
        Should.Throw<ArgumentException>(() => new OnnxGraphBuilder("g").AddInput("x", OnnxDataType.Float, -2));
    }
}
