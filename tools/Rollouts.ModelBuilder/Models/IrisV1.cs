using Rollouts.ModelBuilder.Baselines;
using Rollouts.ModelBuilder.Data;
using Rollouts.ModelBuilder.Training;

namespace Rollouts.ModelBuilder.Models;

/// <summary>iris-v1: multinomial logistic regression on standardised features (standardisation folded into the weights).</summary>
public static class IrisV1
{
    /// <summary>Model name.</summary>
    public const string Name = "iris-v1";

    /// <summary>Minimum held-out accuracy.</summary>
    public const double AccuracyFloor = 0.85;

    /// <summary>Gradient step, weight decay and fixed step count, chosen on <see cref="RepeatedSplits"/>.</summary>
    private const double LearningRate = 0.1;
    private const double L2 = 0.001;
    private const int Iterations = 2000;

    /// <summary>Trains the regression on <paramref name="rows"/>; the result takes raw cm.</summary>
    public static DenseNetwork Train(IReadOnlyList<IrisSample> rows)
    {
        var standardizer = Standardizer.Fit(rows.Select(r => r.Features).ToList());
        var (weights, bias) = SoftmaxRegression.Train(
            rows.Select(r => standardizer.Transform(r.Features)).ToList(),
            rows.Select(r => r.Label).ToList(),
            IrisDataSet.ClassNames.Count,
            LearningRate,
            L2,
            Iterations);
        var (foldedWeights, foldedBias) = standardizer.Fold(weights, bias);
        return new DenseNetwork([DenseLayer.FromDoubles(foldedWeights, foldedBias, Activation.None)]);
    }

    /// <summary>Trains on the training split and builds the model.</summary>
    public static (BuiltModel Model, double Accuracy) Build(IrisContext context)
    {
        DenseNetwork network = Train(context.Split.Train);
        double accuracy = Evaluation.Accuracy(network, context.Split.HeldOut);
        var graph = IrisGraph.Start(Name);
        IrisGraph.AddHead(graph, IrisGraph.AddNetwork(graph, network));
        var model = new BuiltModel(
            Name,
            "Multinomial logistic regression (4 → 3, standardisation folded into the weights).",
            graph.ToModelBytes(IrisGraph.Opset),
            BaselineBuilder.Build(context.Split.Train, Evaluation.Predict(network, context.Split.Train), network.Classes),
            accuracy,
            $"{context.Split.HeldOut.Count} held-out rows",
            Evaluation.Predict(network, context.All).Select(l => (int?)l).ToArray(),
            [ModelCheck.AtLeast("held-out accuracy", accuracy, AccuracyFloor)],
            []);
        return (model, accuracy);
    }
}
