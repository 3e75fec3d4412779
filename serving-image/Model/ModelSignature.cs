using Rollouts.Serving.Onnx;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Model;

/// <summary>
/// The inputs and outputs of the loaded model, checked for what the server can serve, and whether
/// requests can be merged along the first dim (every input and output has a dynamic first dim).
/// </summary>
public sealed class ModelSignature
{
    private ModelSignature(IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
        var batchable = inputs.Count > 0;
        foreach (var spec in inputs)
        {
            batchable &= spec.Shape.Length >= 1 && spec.Shape[0] == -1;
        }

        foreach (var spec in outputs)
        {
            batchable &= spec.Shape.Length >= 1 && spec.Shape[0] == -1;
        }

        Batchable = batchable;
    }

    /// <summary>Model inputs in the model's order.</summary>
    public IReadOnlyList<TensorSpec> Inputs { get; }

    /// <summary>Model outputs in the model's order.</summary>
    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>Whether every input and output has a dynamic first (batch) dim, so requests can be concatenated.</summary>
    public bool Batchable { get; }

    /// <summary>
    /// Builds the signature from ONNX Runtime's node infos. Returns null with a message when the model has
    /// a non-tensor input or output (e.g. scikit-learn's ZipMap) or an FP16 tensor, which this server refuses.
    /// </summary>
    public static ModelSignature? TryCreate(IReadOnlyList<NodeInfo> inputs, IReadOnlyList<NodeInfo> outputs, out string? error)
    {
        var inSpecs = new List<TensorSpec>(inputs.Count);
        var outSpecs = new List<TensorSpec>(outputs.Count);
        error = Convert(inputs, "input", inSpecs) ?? Convert(outputs, "output", outSpecs);
        return error is null ? new ModelSignature(inSpecs, outSpecs) : null;
    }

    /// <summary>The index of the input named <paramref name="name"/>, or -1.</summary>
    public int InputIndex(string name)
    {
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the output named <paramref name="name"/>, or -1.</summary>
    public int OutputIndex(string name)
    {
        for (var i = 0; i < Outputs.Count; i++)
        {
            if (Outputs[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static string? Convert(IReadOnlyList<NodeInfo> nodes, string kind, List<TensorSpec> specs)
    {
        foreach (var node in nodes)
        {
            if (!node.IsTensor)
            {
                return $"model {kind} '{node.Name}' is not a tensor ({node.TypeDescription}); this server serves tensor inputs and outputs only. " +
                    "A scikit-learn classifier exported with a ZipMap can be re-exported without it: " +
                    "skl2onnx.convert_sklearn(model, ..., options={id(model): {'zipmap': False}}) gives a tensor of probabilities.";
            }

            if (node.ElementType == TensorElementType.Float16)
            {
                return $"model {kind} '{node.Name}' is FP16, which this server does not serve over JSON; convert the model to FP32 (e.g. onnxconverter-common float16 → float32) or add a Cast at the edge.";
            }

            if (!Inference.V2Datatype.IsServed(node.ElementType))
            {
                return $"model {kind} '{node.Name}' has element type {node.ElementType}, which has no Open Inference Protocol datatype this server serves";
            }

            specs.Add(new TensorSpec(node.Name, node.ElementType, node.Shape));
        }

        return null;
    }
}
