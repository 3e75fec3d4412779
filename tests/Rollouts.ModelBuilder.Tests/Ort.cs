using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Rollouts.ModelBuilder.Tests;

/// <summary>Runs the committed and freshly built models in the real ONNX Runtime (the Microsoft.ML.OnnxRuntime package).</summary>
internal static class Ort
{
    /// <summary>One intra-op thread: the machine is shared. Read by every session at creation only.</summary>
    private static readonly SessionOptions Options = new() { IntraOpNumThreads = 1 };

    /// <summary>Loads samples/models/&lt;name&gt;/model.onnx.</summary>
    public static InferenceSession LoadCommitted(string name) =>
        new(Path.Combine(TestPaths.ModelsDirectory, name, "model.onnx"), Options);

    /// <summary>Loads model bytes.</summary>
    public static InferenceSession Load(byte[] model) => new(model, Options);

    /// <summary>Each input's (name, element type, dims) in graph order; -1 for a symbolic dim.</summary>
    public static IReadOnlyList<(string Name, TensorElementType Type, string Dims)> Inputs(InferenceSession session) =>
        session.InputNames.Select(n => (n, session.InputMetadata[n].ElementDataType, string.Join(",", session.InputMetadata[n].Dimensions))).ToList();

    /// <summary>Each output's (name, element type, dims) in graph order.</summary>
    public static IReadOnlyList<(string Name, TensorElementType Type, string Dims)> Outputs(InferenceSession session) =>
        session.OutputNames.Select(n => (n, session.OutputMetadata[n].ElementDataType, string.Join(",", session.OutputMetadata[n].Dimensions))).ToList();

    /// <summary>Runs rows [N,4] and returns (label [N], probabilities [N*3]).</summary>
    public static (long[] Labels, float[] Probabilities) Run(InferenceSession session, IReadOnlyList<float[]> rows)
    {
        var outputs = Run(session, "input", [rows.Count, 4], rows.SelectMany(r => r).ToArray(), ["label", "probabilities"]);
        return ((long[])outputs[0], (float[])outputs[1]);
    }

    /// <summary>Runs one float input and copies the named outputs (float or int64) into arrays.</summary>
    public static IReadOnlyList<Array> Run(InferenceSession session, string input, long[] shape, float[] data, IReadOnlyList<string> outputNames)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var options = new RunOptions();
        using var results = session.Run(options, [input], [value], outputNames);
        return results.Select(r => r.GetTensorTypeAndShape().ElementDataType == TensorElementType.Int64
            ? (Array)r.GetTensorDataAsSpan<long>().ToArray()
            : r.GetTensorDataAsSpan<float>().ToArray()).ToList();
    }
}
