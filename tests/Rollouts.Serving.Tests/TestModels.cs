using Rollouts.ModelBuilder.Onnx;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>Real ONNX models: the committed Iris samples, and small ones built with OnnxGraphBuilder into a temp folder.</summary>
public static class TestModels
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("serving-tests-").FullName;

    public static string Sample(string name) => RepositoryPaths.InRepo($"samples/models/{name}/model.onnx");

    public static string Baseline(string name) => RepositoryPaths.InRepo($"samples/models/{name}/baseline.json");

    /// <summary>Identity model: input "x" → output "y", both <paramref name="type"/> with <paramref name="dims"/>.</summary>
    public static string Identity(OnnxDataType type, params long[] dims) =>
        Write($"identity-{type}-{string.Join('_', dims)}", new OnnxGraphBuilder("identity")
            .AddInput("x", type, dims)
            .AddOutput("y", type, dims)
            .AddNode("Identity", ["x"], ["y"])
            .ToModelBytes());

    /// <summary>A model with odd input/output names (spaces, quotes, slashes, non-ASCII): y = x * 2, FP32 [-1, 2].</summary>
    public static string OddNames() =>
        Write("odd-names", new OnnxGraphBuilder("odd")
            .AddInput("in put/\"é\"", OnnxDataType.Float, -1, 2)
            .AddOutput("out:0 ü", OnnxDataType.Float, -1, 2)
            .AddInitializer("two", [2f])
            .AddNode("Mul", ["in put/\"é\"", "two"], ["out:0 ü"])
            .ToModelBytes());

    /// <summary>A classifier-like model whose output is a ZipMap-style seq(map(int64, tensor(float))).</summary>
    public static string ZipMap() =>
        Write("zipmap", new OnnxGraphBuilder("zipmap")
            .ImportOpset(OnnxGraphBuilder.MlDomain, 1)
            .AddInput("x", OnnxDataType.Float, -1, 2)
            .AddSequenceOfMapsOutput("probabilities", OnnxDataType.Int64, OnnxDataType.Float)
            .AddNodeInDomain(OnnxGraphBuilder.MlDomain, "ZipMap", ["x"], ["probabilities"], OnnxAttribute.Ints("classlabels_int64s", 0, 1))
            .ToModelBytes());

    /// <summary>Writes bytes that are not a model.</summary>
    public static string Garbage() => Write("garbage", "this is not an ONNX model"u8.ToArray());

    private static string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name + ".onnx");
        if (!File.Exists(path))
        {
            var temp = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }

        return path;
    }
}
