using Rollouts.ModelBuilder.Onnx;

namespace Rollouts.OnnxRuntime.Tests;

public sealed class ErrorTests
{
    [Fact]
    public void Bytes_that_are_not_a_model_are_invalid_protobuf()
    {
        var exception = Should.Throw<OrtException>(() => TestRuntime.Load("definitely not a protobuf"u8.ToArray()));

        exception.Code.ShouldBe(OrtErrorCode.InvalidProtobuf);
        exception.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void An_unknown_operator_is_an_invalid_graph()
    {
        var model = new OnnxGraphBuilder("unknown-op")
            .AddInput("x", OnnxDataType.Float, -1)
            .AddOutput("y", OnnxDataType.Float, -1)
            .AddNode("NoSuchOperator", ["x"], ["y"])
            .ToModelBytes();

        var exception = Should.Throw<OrtException>(() => TestRuntime.Load(model));

        exception.Code.ShouldBe(OrtErrorCode.InvalidGraph);
        exception.Message.ShouldContain("NoSuchOperator");
    }

    [Fact]
    public void A_missing_model_file_is_no_such_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.onnx");

        var exception = Should.Throw<OrtException>(() => InferenceSession.Load(TestRuntime.Environment, path));

        exception.Code.ShouldBe(OrtErrorCode.NoSuchFile);
        exception.Message.ShouldContain(path);
    }

    [Fact]
    public void An_unknown_input_name_is_an_invalid_argument_from_the_runtime()
    {
        using var session = TestRuntime.Load(TestModels.AddFloats());

        var exception = Should.Throw<OrtException>(() => session.Run(
        [
            Tensor.Create("a", [1, 3], new[] { 1f, 2f, 3f }),
            Tensor.Create("nope", [1, 3], new[] { 1f, 2f, 3f }),
        ]));

        exception.Code.ShouldBe(OrtErrorCode.InvalidArgument);
        exception.FailedNode.ShouldBeNull();
        exception.Message.ShouldContain("nope");
    }

    [Fact]
    public void An_unknown_output_name_is_an_invalid_argument_from_the_runtime()
    {
        using var session = TestRuntime.Load(TestModels.Identity(OnnxDataType.Float, "x", "y", -1));

        var exception = Should.Throw<OrtException>(() => session.Run([Tensor.Create("x", [1], new[] { 1f })], ["missing-output"]));

        exception.Code.ShouldBe(OrtErrorCode.InvalidArgument);
        exception.Message.ShouldContain("missing-output");
    }

    [Fact]
    public void A_wrong_element_type_or_rank_is_an_invalid_argument_refused_before_execution()
    {
        using var session = TestRuntime.Load(TestModels.AddFloats());
        var b = Tensor.Create("b", [1, 3], new[] { 1f, 2f, 3f });

        var wrongType = Should.Throw<OrtException>(() => session.Run([Tensor.Create("a", [1, 3], new[] { 1d, 2d, 3d }), b]));
        wrongType.Code.ShouldBe(OrtErrorCode.InvalidArgument);
        wrongType.FailedNode.ShouldBeNull();
        var wrongRank = Should.Throw<OrtException>(() => session.Run([Tensor.Create("a", [3], new[] { 1f, 2f, 3f }), b]));
        wrongRank.Code.ShouldBe(OrtErrorCode.InvalidArgument);
        wrongRank.FailedNode.ShouldBeNull();
    }

    [Fact]
    public void A_missing_input_fails_in_the_node_that_reads_it()
    {
        using var session = TestRuntime.Load(TestModels.AddFloats());

        var exception = Should.Throw<OrtException>(() => session.Run([Tensor.Create("b", [1, 3], new[] { 1f, 2f, 3f })]));

        exception.Code.ShouldBe(OrtErrorCode.RuntimeException);
        exception.FailedNode.ShouldBe("Add_0");
        exception.Message.ShouldContain("Missing Input: a");
    }

    [Fact]
    public void A_kernel_failure_on_some_rows_names_the_node_and_the_session_stays_usable()
    {
        using var session = TestRuntime.Load(TestModels.GatherByValue());

        var exception = Should.Throw<OrtException>(() => session.Run([Tensor.Create("x", [3], new[] { 0f, 1f, 7f })]));
        exception.Code.ShouldBe(OrtErrorCode.InvalidArgument); // Gather's own choice of code
        exception.FailedNode.ShouldBe("Gather_1");
        exception.Message.ShouldContain("out of data bounds");

        session.Run([Tensor.Create("x", [3], new[] { 0f, 1f, 2f })]).Single().Data.ShouldBe(new[] { 10f, 20f, 30f });
    }
}
