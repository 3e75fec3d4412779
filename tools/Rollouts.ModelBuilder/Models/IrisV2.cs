using Rollouts.ModelBuilder.Baselines;
using Rollouts.ModelBuilder.Data;
using Rollouts.ModelBuilder.Training;

namespace Rollouts.ModelBuilder.Models;

/// <summary>iris-v2: a 4-16-3 tanh MLP (standardisation folded into the first layer).</summary>
public static class IrisV2
{
    /// <summary>Model name.</summary>
    public const string Name = "iris-v2";

    /// <summary>Minimum held-out accuracy.</summary>
    public const double AccuracyFloor = 0.85;

    // Hyper-parameters chosen on RepeatedSplits (mean held-out accuracy), never on the shipped split.
    private const int Hidden = 16;
    private const double LearningRate = 0.01;
    private const double L2 = 0.01;
    private const int Epochs = 1000;
    private const int Seed = 7;

    /// <summary>Trains the MLP on <paramref name="rows"/>; layer 0 is tanh, layer 1 emits logits; the result takes raw cm.</summary>
    public static DenseNetwork Train(IReadOnlyList<IrisSample> rows)
    {
        var standardizer = Standardizer.Fit(rows.Select(r => r.Features).ToList());
        var p = MlpTrainer.Train(
            rows.Select(r => standardizer.Transform(r.Features)).ToList(),
            rows.Select(r => r.Label).ToList(),
            IrisDataSet.ClassNames.Count,
            Hidden,
            LearningRate,
            L2,
            Epochs,
            Seed);
        var (w1, b1) = standardizer.Fold(p.W1, p.B1);
        return new DenseNetwork([DenseLayer.FromDoubles(w1, b1, Activation.Tanh), DenseLayer.FromDoubles(p.W2, p.B2, Activation.None)]);
    }

    /// <summary>Builds the model from a network trained by <see cref="Train"/> on the training split.</summary>
    /// <param name="context">Data.</param>
    /// <param name="network">The trained network (shared with iris-slow and iris-broken).</param>
    /// <param name="v1Accuracy">iris-v1's held-out accuracy, to report and check v2 is not worse.</param>
    public static BuiltModel Build(IrisContext context, DenseNetwork network, double v1Accuracy)
    {
        double accuracy = Evaluation.Accuracy(network, context.Split.HeldOut);
        var graph = IrisGraph.Start(Name);
        IrisGraph.AddHead(graph, IrisGraph.AddNetwork(graph, network));
        string comparison = accuracy > v1Accuracy ? "better than" : accuracy == v1Accuracy ? "EQUAL to" : "WORSE than";
        double v1Mean = RepeatedSplits.MeanAccuracy(context.All, IrisV1.Train);
        double v2Mean = RepeatedSplits.MeanAccuracy(context.All, Train);
        return new BuiltModel(
            Name,
            $"MLP 4 → {Hidden} (tanh) → 3, Adam, standardisation folded into the first layer.",
            graph.ToModelBytes(IrisGraph.Opset),
            BaselineBuilder.Build(context.Split.Train, Evaluation.Predict(network, context.Split.Train), network.Classes),
            accuracy,
            $"{context.Split.HeldOut.Count} held-out rows",
            Evaluation.Predict(network, context.All).Select(l => (int?)l).ToArray(),
            [
                ModelCheck.AtLeast("held-out accuracy", accuracy, AccuracyFloor),
                ModelCheck.AtLeast("held-out accuracy minus iris-v1's", accuracy - v1Accuracy, 0),
            ],
            [
                $"held-out accuracy {Format.Number(accuracy)} is {comparison} iris-v1's {Format.Number(v1Accuracy)} on the shipped split",
                $"mean held-out accuracy over {RepeatedSplits.Count} other splits: iris-v2 {Format.Number(v2Mean)}, iris-v1 {Format.Number(v1Mean)} (Iris is nearly linearly separable; the MLP's edge is small)",
            ]);
    }
}
