using Rollouts.OnnxRuntime;

namespace Rollouts.ModelBuilder.Tests;

/// <summary>Runs the committed models in the real ONNX Runtime through the project's binding.</summary>
internal static class Ort
{
    private static readonly Lazy<OrtEnvironment> Environment = new(() => OrtEnvironment.Load(TestPaths.OnnxRuntimeLibrary));

    /// <summary>Loads samples/models/&lt;name&gt;/model.onnx with one intra-op thread (the machine is shared).</summary>
    public static InferenceSession LoadCommitted(string name) =>
        InferenceSession.Load(Environment.Value, Path.Combine(TestPaths.ModelsDirectory, name, "model.onnx"), new SessionConfig(IntraOpThreads: 1));

    /// <summary>Loads model bytes.</summary>
    public static InferenceSession Load(byte[] model) =>
        InferenceSession.Load(Environment.Value, model, new SessionConfig(IntraOpThreads: 1));

    /// <summary>Runs rows [N,4] and returns (label [N], probabilities [N*3]).</summary>
    public static (long[] Labels, float[] Probabilities) Run(InferenceSession session, IReadOnlyList<float[]> rows)
    {
        float[] data = rows.SelectMany(r => r).ToArray();
        var outputs = session.Run([Tensor.Create("input", [rows.Count, 4], data)], ["label", "probabilities"]);
        return ((long[])outputs[0].Data, (float[])outputs[1].Data);
    }
}
