using Rollouts.ModelBuilder.Baselines;
using Rollouts.ModelBuilder.Data;
using Rollouts.ModelBuilder.Onnx;
using Rollouts.ModelBuilder.Training;

namespace Rollouts.ModelBuilder.Models;

/// <summary>
/// iris-slow: iris-v2 with a wide, deep identity stack between its hidden layer and its output layer.
/// The 16 hidden values h are spread to width W as [relu(h), relu(−h), 0…], passed through <see cref="Depth"/>
/// layers Relu(x · I_W) and folded back as relu(h) − relu(−h) = h. Every step multiplies by exact 1s and 0s, so
/// the logits — hence labels and probabilities — equal iris-v2's bit for bit, while each row costs
/// Depth · W² extra multiply-adds. I_W is made in the graph (ConstantOfShape → EyeLike), so the file stays small.
/// </summary>
public static class IrisSlow
{
    /// <summary>Model name.</summary>
    public const string Name = "iris-slow";

    /// <summary>Width of the identity stack.</summary>
    public const int Width = 512;

    /// <summary>Number of identity layers.</summary>
    public const int Depth = 160;

    /// <summary>Builds the model from iris-v2's network (layer 0 hidden tanh, layer 1 logits).</summary>
    public static BuiltModel Build(IrisContext context, DenseNetwork v2)
    {
        DenseLayer hiddenLayer = v2.Layers[0];
        int hidden = hiddenLayer.Outputs;
        DenseNetwork slow = ReferenceNetwork(v2);

        var graph = IrisGraph.Start(Name);
        string h = IrisGraph.AddDense(graph, "layer0", "input", hiddenLayer);
        graph
            .AddInitializer("spread", Spread(hidden), hidden, Width)
            .AddInitializer("fold", Fold(hidden), Width, hidden)
            .AddInitializer("identity_shape", [(long)Width, Width])
            .AddNode("ConstantOfShape", ["identity_shape"], ["zeros"])
            .AddNode("EyeLike", ["zeros"], ["identity"])
            .AddNode("MatMul", [h, "spread"], ["wide0_matmul"])
            .AddNode("Relu", ["wide0_matmul"], ["wide0"]);
        for (int d = 1; d <= Depth; d++)
        {
            graph
                .AddNode("MatMul", [$"wide{d - 1}", "identity"], [$"wide{d}_matmul"])
                .AddNode("Relu", [$"wide{d}_matmul"], [$"wide{d}"]);
        }

        graph.AddNode("MatMul", [$"wide{Depth}", "fold"], ["hidden_again"]);
        string logits = IrisGraph.AddDense(graph, "layer1", "hidden_again", v2.Layers[1]);
        IrisGraph.AddHead(graph, logits);

        // The reference costs ~6M multiply-adds per row: evaluate each row of the data set once and look rows up.
        var slowLogits = context.All.ToDictionary<IrisSample, IrisSample, float[]>(r => r, r => slow.Logits(r.ToFloats()), ReferenceEqualityComparer.Instance);
        int Label(IrisSample r) => DenseNetwork.ArgMax(slowLogits[r]);
        double accuracy = context.Split.HeldOut.Count(r => Label(r) == r.Label) / (double)context.Split.HeldOut.Count;
        int[] slowLabels = context.All.Select(Label).ToArray();
        int[] v2Labels = Evaluation.Predict(v2, context.All);
        int same = slowLabels.Zip(v2Labels).Count(p => p.First == p.Second);
        bool logitsIdentical = context.All.All(r => v2.Logits(r.ToFloats()).SequenceEqual(slowLogits[r]));
        long extraMacs = ((long)Depth * Width * Width) + (2L * hidden * Width);
        long v2Macs = v2.Layers.Sum(l => (long)l.Inputs * l.Outputs);

        return new BuiltModel(
            Name,
            $"iris-v2's answers through {Depth} extra identity layers of width {Width} (~{extraMacs / v2Macs}x iris-v2's multiply-adds per row).",
            graph.ToModelBytes(IrisGraph.Opset),
            BaselineBuilder.Build(context.Split.Train, context.Split.Train.Select(Label).ToArray(), slow.Classes),
            accuracy,
            $"{context.Split.HeldOut.Count} held-out rows",
            slowLabels.Select(l => (int?)l).ToArray(),
            [
                ModelCheck.AtLeast("held-out accuracy", accuracy, IrisV2.AccuracyFloor),
                new($"labels equal iris-v2's on all {context.All.Count} rows", $"{same}/{context.All.Count}", same == context.All.Count),
                new("logits bitwise equal to iris-v2's on all rows (float32 reference)", logitsIdentical ? "yes" : "no", logitsIdentical),
            ],
            [$"{extraMacs + v2Macs} multiply-adds per row vs iris-v2's {v2Macs}"]);
    }

    /// <summary>The float32 reference of the graph: v2's hidden layer, spread, identity stack, fold, v2's output layer.</summary>
    private static DenseNetwork ReferenceNetwork(DenseNetwork v2)
    {
        int hidden = v2.Layers[0].Outputs;
        var identity = new float[Width * Width];
        for (int i = 0; i < Width; i++)
        {
            identity[(i * Width) + i] = 1f;
        }

        var layers = new List<DenseLayer>
        {
            v2.Layers[0],
            new(Spread(hidden), new float[Width], hidden, Width, Activation.Relu),
        };
        layers.AddRange(Enumerable.Range(0, Depth).Select(_ => new DenseLayer(identity, new float[Width], Width, Width, Activation.Relu)));
        layers.Add(new DenseLayer(Fold(hidden), new float[hidden], Width, hidden, Activation.None));
        layers.Add(v2.Layers[1]);
        return new DenseNetwork(layers);
    }

    /// <summary>[hidden, Width]: column k copies h[k], column hidden + k copies −h[k], the rest are 0.</summary>
    private static float[] Spread(int hidden)
    {
        var spread = new float[hidden * Width];
        for (int k = 0; k < hidden; k++)
        {
            spread[(k * Width) + k] = 1f;
            spread[(k * Width) + hidden + k] = -1f;
        }

        return spread;
    }

    /// <summary>[Width, hidden]: h[k] = wide[k] − wide[hidden + k].</summary>
    private static float[] Fold(int hidden)
    {
        var fold = new float[Width * hidden];
        for (int k = 0; k < hidden; k++)
        {
            fold[(k * hidden) + k] = 1f;
            fold[((hidden + k) * hidden) + k] = -1f;
        }

        return fold;
    }
}
