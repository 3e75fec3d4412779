using Rollouts.ModelBuilder.Onnx;

namespace Rollouts.OnnxRuntime.Tests;

public sealed class RunTests
{
    public static TheoryData<OnnxDataType, Tensor> EveryDataType()
    {
        long[] shape = [2, 3];
        return new TheoryData<OnnxDataType, Tensor>
        {
            { OnnxDataType.Float, Tensor.Create("x", shape, new[] { 0f, -1.5f, float.MaxValue, float.Epsilon, float.NaN, float.NegativeInfinity }) },
            { OnnxDataType.Double, Tensor.Create("x", shape, new[] { 0d, -1.5d, double.MaxValue, double.Epsilon, double.NaN, double.PositiveInfinity }) },
            { OnnxDataType.Int8, Tensor.Create("x", shape, new sbyte[] { 0, -1, sbyte.MinValue, sbyte.MaxValue, 7, -7 }) },
            { OnnxDataType.UInt8, Tensor.Create("x", shape, new byte[] { 0, 1, byte.MaxValue, 128, 7, 42 }) },
            { OnnxDataType.Int16, Tensor.Create("x", shape, new short[] { 0, -1, short.MinValue, short.MaxValue, 7, -7 }) },
            { OnnxDataType.UInt16, Tensor.Create("x", shape, new ushort[] { 0, 1, ushort.MaxValue, 32768, 7, 42 }) },
            { OnnxDataType.Int32, Tensor.Create("x", shape, new[] { 0, -1, int.MinValue, int.MaxValue, 7, -7 }) },
            { OnnxDataType.UInt32, Tensor.Create("x", shape, new[] { 0u, 1u, uint.MaxValue, 1u << 31, 7u, 42u }) },
            { OnnxDataType.Int64, Tensor.Create("x", shape, new[] { 0L, -1L, long.MinValue, long.MaxValue, 7L, -7L }) },
            { OnnxDataType.UInt64, Tensor.Create("x", shape, new[] { 0UL, 1UL, ulong.MaxValue, 1UL << 63, 7UL, 42UL }) },
            { OnnxDataType.Bool, Tensor.Create("x", shape, new[] { true, false, false, true, true, false }) },
            { OnnxDataType.String, Tensor.FromStrings("x", shape, ["", "a", "héllo wörld", "日本語", "tab\tand \"quotes\"", new string('z', 3000)]) },
            { OnnxDataType.Float16, Tensor.FromFloat16Bits("x", shape, [0x0000, 0x3C00, 0xC000, 0x7BFF, 0x7C00, 0x0001]) },
        };
    }

    [Theory]
    [MemberData(nameof(EveryDataType))]
    public void Identity_round_trips_every_data_type(OnnxDataType type, Tensor input)
    {
        using var session = TestRuntime.Load(TestModels.Identity(type, "x", "y", -1, 3));

        var output = session.Run([input]).ShouldHaveSingleItem();

        output.Name.ShouldBe("y");
        output.ElementType.ShouldBe(input.ElementType);
        output.Shape.ShouldBe([2, 3]);
        output.Data.GetType().ShouldBe(input.Data.GetType());
        output.Data.ShouldBe(input.Data);
        output.Data.ShouldNotBeSameAs(input.Data);
    }

    [Fact]
    public void Adds_two_float_tensors()
    {
        using var session = TestRuntime.Load(TestModels.AddFloats());

        var sum = session.Run(
        [
            Tensor.Create("b", [2, 3], new[] { 10f, 20f, 30f, 40f, 50f, 60f }),
            Tensor.Create("a", [2, 3], new[] { 1f, 2f, 3f, 4f, 5f, 6f }),
        ]).ShouldHaveSingleItem();

        sum.Data.ShouldBe(new[] { 11f, 22f, 33f, 44f, 55f, 66f });
        sum.Shape.ShouldBe([2, 3]);
    }

    [Fact]
    public void Runs_with_names_that_are_not_identifiers()
    {
        using var session = TestRuntime.Load(TestModels.Identity(OnnxDataType.Float, "onnx::Flatten_0", "39", -1));

        var output = session.Run([Tensor.Create("onnx::Flatten_0", [3], new[] { 1f, 2f, 3f })], ["39"]).ShouldHaveSingleItem();

        output.Name.ShouldBe("39");
        output.Data.ShouldBe(new[] { 1f, 2f, 3f });
    }

    [Fact]
    public void Returns_outputs_in_the_requested_order()
    {
        using var session = TestRuntime.Load(TestModels.Classifier());
        var input = Tensor.Create("input", [2, 4], new[] { 5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f });

        var graphOrder = session.Run([input]);
        var reversed = session.Run([input], ["probabilities", "label"]);

        graphOrder.Select(t => t.Name).ShouldBe(["label", "probabilities"]);
        reversed.Select(t => t.Name).ShouldBe(["probabilities", "label"]);
        reversed[0].Data.ShouldBe(graphOrder[1].Data);
        reversed[1].Data.ShouldBe(graphOrder[0].Data);
        graphOrder[0].ElementType.ShouldBe(TensorElementType.Int64);
        graphOrder[0].Shape.ShouldBe([2]);
        graphOrder[1].Shape.ShouldBe([2, 3]);
    }

    [Fact]
    public void Computes_what_the_graph_says()
    {
        using var session = TestRuntime.Load(TestModels.Classifier());
        var rows = new[] { 5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f, 5.9f, 3.0f, 4.2f, 1.5f };

        var outputs = session.Run([Tensor.Create("input", [3, 4], rows)]);

        var labels = (long[])outputs[0].Data;
        var probabilities = (float[])outputs[1].Data;
        for (var row = 0; row < 3; row++)
        {
            var p = probabilities.AsSpan(row * 3, 3);
            (p[0] + p[1] + p[2]).ShouldBe(1f, 1e-5f);
            labels[row].ShouldBe(p.IndexOf(MaxOf(p)));
        }
    }

    [Fact]
    public void Default_outputs_skip_non_tensor_outputs_and_asking_for_one_is_refused()
    {
        using var session = TestRuntime.Load(TestModels.WithZipMap());
        var input = Tensor.Create("input", [1, 3], new[] { 0.1f, 2f, 0.3f });

        var outputs = session.Run([input]);

        outputs.Select(t => t.Name).ShouldBe(["output_label", "probabilities"]);
        ((long[])outputs[0].Data).ShouldBe([1L]);
        var refused = Should.Throw<NotSupportedException>(() => session.Run([input], ["output_probability"]));
        refused.Message.ShouldContain("seq(map(int64,tensor(float)))");
    }

    [Fact]
    public void Runs_an_empty_batch()
    {
        using var session = TestRuntime.Load(TestModels.Classifier());

        var outputs = session.Run([Tensor.Create("input", [0, 4], Array.Empty<float>())]);

        outputs[0].Shape.ShouldBe([0]);
        outputs[0].Data.Length.ShouldBe(0);
        outputs[1].Shape.ShouldBe([0, 3]);
    }

    [Fact]
    public void Runs_a_scalar_and_an_empty_string_tensor()
    {
        using var scalar = TestRuntime.Load(TestModels.Identity(OnnxDataType.Int64, "s", "t"));
        var value = scalar.Run([Tensor.Create("s", [], new[] { 42L })]).ShouldHaveSingleItem();
        value.Shape.ShouldBeEmpty();
        value.Data.ShouldBe(new[] { 42L });

        using var strings = TestRuntime.Load(TestModels.Identity(OnnxDataType.String, "x", "y", -1));
        var empty = strings.Run([Tensor.FromStrings("x", [0], [])]).ShouldHaveSingleItem();
        empty.Data.ShouldBe(Array.Empty<string>());
        var blanks = strings.Run([Tensor.FromStrings("x", [3], ["", "", ""])]).ShouldHaveSingleItem();
        blanks.Data.ShouldBe(new[] { "", "", "" });
    }

    [Fact]
    public void Runs_large_batches_and_many_strings_beyond_the_stack_buffers()
    {
        using var floats = TestRuntime.Load(TestModels.Classifier());
        var rows = Enumerable.Range(0, 4 * 10_000).Select(i => (float)(i % 97) / 10f).ToArray();
        var outputs = floats.Run([Tensor.Create("input", [10_000, 4], rows)]);
        outputs[1].Data.Length.ShouldBe(30_000);

        using var strings = TestRuntime.Load(TestModels.Identity(OnnxDataType.String, "x", "y", -1));
        var many = Enumerable.Range(0, 1000).Select(i => $"value-{i}-é").ToArray();
        strings.Run([Tensor.FromStrings("x", [1000], many)]).Single().Data.ShouldBe(many);
    }

    [Fact]
    public void Config_variants_load_and_give_the_same_answers()
    {
        var model = TestModels.Classifier();
        var input = Tensor.Create("input", [2, 4], new[] { 5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f });
        using var reference = TestRuntime.Load(model);
        var expected = reference.Run([input]);

        SessionConfig[] configs =
        [
            new(IntraOpThreads: 1, AllowSpinning: true),
            new(IntraOpThreads: 2, InterOpThreads: 2, ParallelExecution: true),
            new(IntraOpThreads: 1, Optimization: GraphOptimization.None),
            new(IntraOpThreads: 1, Optimization: GraphOptimization.Basic),
            new(IntraOpThreads: 1, Optimization: GraphOptimization.Extended),
        ];
        foreach (var config in configs)
        {
            using var session = TestRuntime.Load(model, config);
            var actual = session.Run([input]);
            actual[0].Data.ShouldBe(expected[0].Data, config.ToString());
            ((float[])actual[1].Data).ShouldBe((float[])expected[1].Data, 1e-6f, config.ToString());
        }
    }

    [Fact]
    public void Invalid_config_is_refused_before_reaching_the_runtime()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => TestRuntime.Load(TestModels.AddFloats(), new SessionConfig(IntraOpThreads: -1)));
        Should.Throw<ArgumentOutOfRangeException>(() => TestRuntime.Load(TestModels.AddFloats(), new SessionConfig(InterOpThreads: -2)));
        Should.Throw<ArgumentOutOfRangeException>(() => TestRuntime.Load(TestModels.AddFloats(), new SessionConfig(Optimization: (GraphOptimization)42)));
    }

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        var max = float.MinValue;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
