using Rollouts.ModelBuilder.Onnx;

namespace Rollouts.OnnxRuntime.Tests;

/// <summary>Small real ONNX models built with the project's graph builder.</summary>
internal static class TestModels
{
    /// <summary>y = Identity(x) for one element type, dims as given (-1 symbolic).</summary>
    public static byte[] Identity(OnnxDataType type, string input = "x", string output = "y", params long[] dims) =>
        new OnnxGraphBuilder($"identity_{type}")
            .AddInput(input, type, dims)
            .AddOutput(output, type, dims)
            .AddNode("Identity", [input], [output])
            .ToModelBytes();

    /// <summary>sum = a + b over float [-1, 3].</summary>
    public static byte[] AddFloats() =>
        new OnnxGraphBuilder("add")
            .AddInput("a", OnnxDataType.Float, -1, 3)
            .AddInput("b", OnnxDataType.Float, -1, 3)
            .AddOutput("sum", OnnxDataType.Float, -1, 3)
            .AddNode("Add", ["a", "b"], ["sum"])
            .ToModelBytes();

    /// <summary>
    /// An Iris-shaped classifier: "input" float [-1,4] → "probabilities" float [-1,3] = Softmax(input·W + b),
    /// "label" int64 [-1] = ArgMax; deterministic pseudo-random weights.
    /// </summary>
    public static byte[] Classifier(int seed = 7)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, 12).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var bias = Enumerable.Range(0, 3).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        return new OnnxGraphBuilder("classifier")
            .AddInput("input", OnnxDataType.Float, -1, 4)
            .AddOutput("label", OnnxDataType.Int64, -1)
            .AddOutput("probabilities", OnnxDataType.Float, -1, 3)
            .AddInitializer("W", weights, 4, 3)
            .AddInitializer("B", bias, 3)
            .AddNode("MatMul", ["input", "W"], ["logits0"])
            .AddNode("Add", ["logits0", "B"], ["logits"])
            .AddNode("Softmax", ["logits"], ["probabilities"], OnnxAttribute.Int("axis", 1))
            .AddNode("ArgMax", ["probabilities"], ["label"], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0))
            .ToModelBytes();
    }

    /// <summary>
    /// A scikit-learn-like classifier whose last output is a ZipMap: "output_label" int64 [-1],
    /// "output_probability" seq(map(int64,tensor(float))), plus "probabilities" float [-1,3].
    /// </summary>
    public static byte[] WithZipMap() =>
        new OnnxGraphBuilder("zipmap")
            .ImportOpset(OnnxGraphBuilder.MlDomain, 1)
            .AddInput("input", OnnxDataType.Float, -1, 3)
            .AddOutput("output_label", OnnxDataType.Int64, -1)
            .AddOutput("probabilities", OnnxDataType.Float, -1, 3)
            .AddSequenceOfMapsOutput("output_probability", OnnxDataType.Int64, OnnxDataType.Float)
            .AddNode("Softmax", ["input"], ["probabilities"], OnnxAttribute.Int("axis", 1))
            .AddNode("ArgMax", ["probabilities"], ["output_label"], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0))
            .AddNodeInDomain(OnnxGraphBuilder.MlDomain, "ZipMap", ["probabilities"], ["output_probability"], OnnxAttribute.Ints("classlabels_int64s", 0, 1, 2))
            .ToModelBytes();

    /// <summary>
    /// "x" float [-1] → "y" float [-1] = Gather(table, Cast(x)) (nodes "Cast_0", "Gather_1"): rows whose index falls
    /// outside [−3, 3) fail inside ONNX Runtime's Gather kernel, as iris-broken does.
    /// </summary>
    public static byte[] GatherByValue() =>
        new OnnxGraphBuilder("gather")
            .AddInput("x", OnnxDataType.Float, -1)
            .AddOutput("y", OnnxDataType.Float, -1)
            .AddInitializer("table", [10f, 20f, 30f], 3)
            .AddNode("Cast", ["x"], ["index"], OnnxAttribute.Int("to", (long)OnnxDataType.Int64))
            .AddNode("Gather", ["table", "index"], ["y"], OnnxAttribute.Int("axis", 0))
            .ToModelBytes();
}
