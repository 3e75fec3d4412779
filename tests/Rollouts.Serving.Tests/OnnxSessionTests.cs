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
    public void Outputs_written_into_arrays_allocated_up_front_equal_onnx_runtimes_own_and_empty_batches_run()
    {
        // iris-v2's outputs ([-1] and [-1,3]) follow the input's batch: they are allocated before the Run.
        using var iris = Load(TestModels.Sample("iris-v2"));
        iris.AllocatesOutputs.ShouldBeTrue();
        var rows = IrisData.Rows().Take(5).ToList();
        var batch = iris.Run([Tensor.Create("input", [5, 4], rows.SelectMany(r => r.Features).ToArray())]);
        batch[0].Shape.ShouldBe([5L]);
        batch[1].Shape.ShouldBe([5L, 3L]);
        for (var i = 0; i < rows.Count; i++)
        {
            var alone = iris.Run([Tensor.Create("input", [1, 4], rows[i].Features)]);
            ((long[])batch[0].Data)[i].ShouldBe(((long[])alone[0].Data)[0]);
        }

        var empty = iris.Run([Tensor.Create("input", [0, 4], Array.Empty<float>())]);
        empty[1].Shape.ShouldBe([0L, 3L]);
        empty[1].Length.ShouldBe(0);
        iris.AllocatesOutputs.ShouldBeTrue();
        Load(TestModels.Identity(OnnxDataType.String, -1, 2)).AllocatesOutputs.ShouldBeFalse("strings live in ONNX Runtime's layout");
    }

    [Fact]
    public void A_model_whose_outputs_do_not_follow_the_first_inputs_batch_still_answers()
    {
        // y = z, declared [-1,2] like both inputs; fed x [3,2] and z [1,2], y is [1,2], not the [3,2] allocated from the
        // first input: that Run is refused and redone with ONNX Runtime's own outputs, and later Runs go that way directly.
        var model = new OnnxGraphBuilder("second-input")
            .AddInput("x", OnnxDataType.Float, -1, 2)
            .AddInput("z", OnnxDataType.Float, -1, 2)
            .AddOutput("y", OnnxDataType.Float, -1, 2)
            .AddNode("Identity", ["z"], ["y"])
            .ToModelBytes();
        using var session = OnnxSession.Load(model, OneThread);
        session.AllocatesOutputs.ShouldBeTrue();

        for (var round = 0; round < 2; round++)
        {
            var y = session.Run([Tensor.Create("x", [3, 2], new float[6]), Tensor.Create("z", [1, 2], new[] { 9f, 12f })]).Single();
            y.Shape.ShouldBe([1L, 2L]);
            ((float[])y.Data).ShouldBe([9f, 12f]);
            session.AllocatesOutputs.ShouldBeFalse();
        }
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
