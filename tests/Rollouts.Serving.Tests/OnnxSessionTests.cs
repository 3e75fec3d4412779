using Rollouts.ModelBuilder.Onnx;
using Rollouts.Serving.Onnx;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Tests;

/// <summary>
/// The server's session over the real ONNX Runtime (Microsoft.ML.OnnxRuntime): metadata as served, ONNX Runtime's
/// codes and messages on failure, strings, concurrent runs and disposal while runs are in flight.
/// </summary>
public sealed class OnnxSessionTests
{
    private static readonly SessionSettings OneThread = new(1);

    private static OnnxSession Load(string path) => OnnxSession.Load(File.ReadAllBytes(path), OneThread);

    [Fact]
    public void Metadata_gives_names_element_types_symbolic_dims_and_type_descriptions()
    {
        using var iris = Load(TestModels.Sample("iris-v2"));
        iris.Inputs.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            i => i.Name.ShouldBe("input"),
            i => i.ElementType.ShouldBe(TensorElementType.Float),
            i => i.Shape.ShouldBe([-1L, 4L]),
            i => i.TypeDescription.ShouldBe("tensor(float)"));
        iris.Outputs.Select(o => (o.Name, o.ElementType, string.Join(',', o.Shape))).ShouldBe(
            [("label", TensorElementType.Int64, "-1"), ("probabilities", TensorElementType.Float, "-1,3")]);

        using var zipmap = Load(TestModels.ZipMap());
        var output = zipmap.Outputs.ShouldHaveSingleItem();
        output.IsTensor.ShouldBeFalse();
        output.TypeDescription.ShouldBe("seq(map(int64,tensor(float)))");
        output.Shape.ShouldBeEmpty();
    }

    [Fact]
    public void Bytes_that_are_not_a_model_are_invalid_protobuf_with_onnx_runtimes_message()
    {
        var failure = Should.Throw<OnnxRuntimeFailure>(() => OnnxSession.Load("definitely not a protobuf"u8.ToArray(), OneThread));

        failure.Code.ShouldBe(OrtErrorCode.InvalidProtobuf);
        failure.Message.ShouldNotStartWith("[ErrorCode");
        failure.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void An_unknown_operator_is_an_invalid_graph_naming_it()
    {
        var model = new OnnxGraphBuilder("unknown-op")
            .AddInput("x", OnnxDataType.Float, -1)
            .AddOutput("y", OnnxDataType.Float, -1)
            .AddNode("NoSuchOperator", ["x"], ["y"])
            .ToModelBytes();

        var failure = Should.Throw<OnnxRuntimeFailure>(() => OnnxSession.Load(model, OneThread));

        failure.Code.ShouldBe(OrtErrorCode.InvalidGraph);
        failure.Message.ShouldContain("NoSuchOperator");
    }

    [Fact]
    public void A_kernel_failure_keeps_onnx_runtimes_code_and_node_and_the_session_stays_usable()
    {
        using var broken = Load(TestModels.Sample("iris-broken"));
        var rows = IrisData.Rows();
        var bad = rows.First(r => r.Features[2] >= 5f).Features;
        var good = rows.First(r => r.Features[2] < 5f).Features;

        var failure = Should.Throw<OnnxRuntimeFailure>(() => broken.Run([Tensor.Create("input", [1, 4], bad)]));

        failure.Code.ShouldBe(OrtErrorCode.InvalidArgument);
        failure.Message.ShouldStartWith("Non-zero status code returned while running Gather node");
        broken.Run([Tensor.Create("input", [1, 4], good)])[0].Shape.ShouldBe([1L]);
    }

    [Fact]
    public void An_unknown_input_name_is_an_invalid_argument()
    {
        using var session = Load(TestModels.Sample("iris-v2"));

        var failure = Should.Throw<OnnxRuntimeFailure>(() => session.Run([Tensor.Create("nope", [1, 4], new float[4])]));

        failure.Code.ShouldBe(OrtErrorCode.InvalidArgument);
        failure.Message.ShouldContain("nope");
    }

    [Fact]
    public async Task Concurrent_runs_agree_with_serial_runs_and_strings_come_back_as_sent()
    {
        using var iris = Load(TestModels.Sample("iris-v2"));
        using var strings = Load(TestModels.Identity(OnnxDataType.String, -1, 2));
        var rows = IrisData.Rows();
        var serial = rows.Select(r => (long[])iris.Run([Tensor.Create("input", [1, 4], r.Features)])[0].Data).ToArray();
        var mismatches = 0;

        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                var row = (i + (w * 17)) % rows.Count;
                var label = (long[])iris.Run([Tensor.Create("input", [1, 4], rows[row].Features)])[0].Data;
                string[] text = [$"worker {w}", $"iteration {i}", "h\u00e9llo", new string((char)('a' + w), i % 50)];
                var echoed = (string[])strings.Run([Tensor.FromStrings("x", [2, 2], text)])[0].Data;
                if (!label.SequenceEqual(serial[row]) || !echoed.SequenceEqual(text))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })));

        mismatches.ShouldBe(0);
    }

    [Fact]
    public async Task Disposing_during_runs_lets_them_finish_or_fail_with_object_disposed()
    {
        var session = Load(TestModels.Sample("iris-slow"));
        var input = Tensor.Create("input", [8, 4], Enumerable.Range(0, 32).Select(i => i / 8f).ToArray());
        var completed = 0;
        var unexpected = new List<Exception>();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            try
            {
                while (true)
                {
                    session.Run([input]).Length.ShouldBe(2);
                    Interlocked.Increment(ref completed);
                }
            }
            catch (ObjectDisposedException)
            {
                // Once the session is disposed.
            }
            catch (Exception e)
            {
                lock (unexpected)
                {
                    unexpected.Add(e);
                }
            }
        })).ToArray();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Volatile.Read(ref completed) < 8 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        session.Dispose();
        session.Dispose();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
        unexpected.ShouldBeEmpty();
        completed.ShouldBeGreaterThanOrEqualTo(8);
        Should.Throw<ObjectDisposedException>(() => session.Run([input]));
        session.Inputs.Count.ShouldBe(1, "metadata stays readable");
    }
}
