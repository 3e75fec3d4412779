using Rollouts.ModelBuilder.Onnx;
using Rollouts.ModelBuilder.Training;

namespace Rollouts.ModelBuilder.Models;

/// <summary>
/// Graph pieces shared by every sample model: the common signature (seams §3) — input "input" FLOAT [N,4];
/// outputs "label" INT64 [N] (ArgMax of the logits, keepdims 0) and "probabilities" FLOAT [N,3] (Softmax).
/// </summary>
public static class IrisGraph
{
    /// <summary>Opset of the default ONNX domain.</summary>
    public const long Opset = 17;

    /// <summary>A builder with the shared input and outputs declared.</summary>
    public static OnnxGraphBuilder Start(string graphName) => new OnnxGraphBuilder(graphName)
        .AddInput("input", OnnxDataType.Float, -1, 4)
        .AddOutput("label", OnnxDataType.Int64, -1)
        .AddOutput("probabilities", OnnxDataType.Float, -1, 3);

    /// <summary>Adds MatMul + Add (+ activation) for <paramref name="layer"/>; returns the name of its output.</summary>
    public static string AddDense(OnnxGraphBuilder graph, string prefix, string input, DenseLayer layer)
    {
        graph.AddInitializer($"{prefix}_weight", layer.Weights, layer.Inputs, layer.Outputs);
        graph.AddInitializer($"{prefix}_bias", layer.Bias, layer.Outputs);
        graph.AddNode("MatMul", [input, $"{prefix}_weight"], [$"{prefix}_matmul"]);
        string affine = layer.Activation == Activation.None ? $"{prefix}_out" : $"{prefix}_affine";
        graph.AddNode("Add", [$"{prefix}_matmul", $"{prefix}_bias"], [affine]);
        return layer.Activation switch
        {
            Activation.Tanh => AddUnary(graph, "Tanh", affine, $"{prefix}_out"),
            Activation.Relu => AddUnary(graph, "Relu", affine, $"{prefix}_out"),
            _ => affine,
        };
    }

    /// <summary>Adds every layer of <paramref name="network"/> from "input"; returns the logits' name.</summary>
    public static string AddNetwork(OnnxGraphBuilder graph, DenseNetwork network)
    {
        string current = "input";
        for (int i = 0; i < network.Layers.Count; i++)
        {
            current = AddDense(graph, $"layer{i}", current, network.Layers[i]);
        }

        return current;
    }

    /// <summary>Adds "probabilities" = Softmax(logits, axis 1) and "label" = ArgMax(logits, axis 1, keepdims 0).</summary>
    public static OnnxGraphBuilder AddHead(OnnxGraphBuilder graph, string logits) => graph
        .AddNode("Softmax", [logits], ["probabilities"], OnnxAttribute.Int("axis", 1))
        .AddNode("ArgMax", [logits], ["label"], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0));

    private static string AddUnary(OnnxGraphBuilder graph, string op, string input, string output)
    {
        graph.AddNode(op, [input], [output]);
        return output;
    }
}
