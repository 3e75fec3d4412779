using Rollouts.ModelBuilder.Baselines;
using Rollouts.ModelBuilder.Data;
using Rollouts.ModelBuilder.Onnx;
using Rollouts.ModelBuilder.Training;

namespace Rollouts.ModelBuilder.Models;

/// <summary>
/// iris-broken: iris-v2's network plus a per-petal-length "adjustment" lookup that was sized for petal_length &lt; 5 cm:
/// index = Cast&lt;int64&gt;(Floor(petal_length)) into a 5-entry zero table (Gather). For petal_length ≥ 5 (about a third
/// of Iris rows, mostly virginica) ONNX Runtime's Gather rejects the out-of-range index and Run fails; other rows get
/// iris-v2's answers unchanged (the adjustment is 0). One failing row fails the whole batch it is in.
/// </summary>
public static class IrisBroken
{
    /// <summary>Model name.</summary>
    public const string Name = "iris-broken";

    /// <summary>Entries of the lookup table; floor(petal_length) must be below this.</summary>
    public const int TableSize = 5;

    /// <summary>Accepted range of the fraction of all Iris rows that must fail.</summary>
    public const double MinFailing = 0.2;

    /// <summary>Upper end of that range.</summary>
    public const double MaxFailing = 0.45;

    /// <summary>Whether ONNX Runtime fails on this row (Gather accepts indices in [−5, 4]).</summary>
    public static bool Fails(float[] row)
    {
        float bucket = MathF.Floor(row[IrisDataSet.PetalLength]);
        return bucket >= TableSize || bucket < -TableSize;
    }

    /// <summary>Builds the model from iris-v2's network.</summary>
    public static BuiltModel Build(IrisContext context, DenseNetwork v2)
    {
        var graph = IrisGraph.Start(Name);
        string logits = IrisGraph.AddNetwork(graph, v2);
        graph
            .AddInitializer("petal_length_column", OnnxTensor.FromInt64s([IrisDataSet.PetalLength]))
            .AddInitializer("adjustment_table", new float[TableSize])
            .AddInitializer("unsqueeze_axes", [1L])
            .AddNode("Gather", ["input", "petal_length_column"], ["petal_length"], OnnxAttribute.Int("axis", 1))
            .AddNode("Floor", ["petal_length"], ["petal_length_floor"])
            .AddNode("Cast", ["petal_length_floor"], ["bucket"], OnnxAttribute.Int("to", (long)OnnxDataType.Int64))
            .AddNode("Gather", ["adjustment_table", "bucket"], ["adjustment"], OnnxAttribute.Int("axis", 0))
            .AddNode("Unsqueeze", ["adjustment", "unsqueeze_axes"], ["adjustment_column"])
            .AddNode("Add", [logits, "adjustment_column"], ["adjusted_logits"]);
        IrisGraph.AddHead(graph, "adjusted_logits");

        var answered = context.Split.HeldOut.Where(r => !Fails(r.ToFloats())).ToList();
        double accuracy = Evaluation.Accuracy(v2, answered);
        int[] expected = Evaluation.Predict(v2, context.All);
        int?[] expectedLabels = context.All.Select((r, i) => Fails(r.ToFloats()) ? null : (int?)expected[i]).ToArray();
        double failing = expectedLabels.Count(l => l is null) / (double)context.All.Count;
        var trainAnswered = context.Split.Train.Where(r => !Fails(r.ToFloats())).ToList();

        return new BuiltModel(
            Name,
            $"iris-v2 plus a Gather on floor(petal_length) into a {TableSize}-entry table: ONNX Runtime fails for petal_length >= {TableSize} cm.",
            graph.ToModelBytes(IrisGraph.Opset),
            BaselineBuilder.Build(context.Split.Train, Evaluation.Predict(v2, trainAnswered), v2.Classes),
            accuracy,
            $"{answered.Count} held-out rows it answers",
            expectedLabels,
            [
                ModelCheck.AtLeast("held-out accuracy on answered rows", accuracy, IrisV2.AccuracyFloor),
                new($"fraction of all rows failing in [{Format.Number(MinFailing)}, {Format.Number(MaxFailing)}]", Format.Number(failing), failing >= MinFailing && failing <= MaxFailing),
            ],
            [
                $"fails inside ONNX Runtime for {expectedLabels.Count(l => l is null)} of {context.All.Count} rows ({Format.Percent(failing)}); prediction baseline from the {trainAnswered.Count} training rows it answers",
                "one failing row fails the whole Run (batch) it is in; other rows get iris-v2's answers unchanged",
            ]);
    }
}
