using Rollouts.ModelBuilder.Baselines;
using Rollouts.ModelBuilder.Data;
using Rollouts.ModelBuilder.Training;

namespace Rollouts.ModelBuilder.Models;

/// <summary>
/// iris-skewed: iris-v1's learner trained only on training rows with petal_length &lt; <see cref="PetalLengthCut"/> cm
/// (setosa and the smaller versicolor; no virginica), with its baseline from that slice — so ordinary Iris traffic
/// is far from its baseline on the petal features.
/// </summary>
public static class IrisSkewed
{
    /// <summary>Model name.</summary>
    public const string Name = "iris-skewed";

    /// <summary>Rows with petal_length below this (cm) form the training slice.</summary>
    public const double PetalLengthCut = 4.5;

    /// <summary>Minimum held-out accuracy within the slice.</summary>
    public const double AccuracyFloor = 0.95;

    /// <summary>Minimum PSI of the full data set vs the baseline on each petal feature.</summary>
    public const double PsiFloor = 0.2;

    /// <summary>Trains on the slice and builds the model.</summary>
    public static BuiltModel Build(IrisContext context)
    {
        static bool InSlice(IrisSample r) => r.Features[IrisDataSet.PetalLength] < PetalLengthCut;
        var train = context.Split.Train.Where(InSlice).ToList();
        var heldOutSlice = context.Split.HeldOut.Where(InSlice).ToList();
        DenseNetwork network = IrisV1.Train(train);
        double sliceAccuracy = Evaluation.Accuracy(network, heldOutSlice);
        double fullAccuracy = Evaluation.Accuracy(network, context.Split.HeldOut);

        var graph = IrisGraph.Start(Name);
        IrisGraph.AddHead(graph, IrisGraph.AddNetwork(graph, network));
        Baseline baseline = BaselineBuilder.Build(train, Evaluation.Predict(network, train), network.Classes);
        var psi = BaselineBuilder.FeaturePsi(baseline, context.All);
        string psiLine = string.Join(", ", psi.Select(p => $"{p.Key} {Format.Number(p.Value)}"));

        return new BuiltModel(
            Name,
            $"Logistic regression trained only on the {train.Count} training rows with petal_length < {PetalLengthCut} cm (no virginica); baseline from that slice.",
            graph.ToModelBytes(IrisGraph.Opset),
            baseline,
            sliceAccuracy,
            $"{heldOutSlice.Count} held-out rows with petal_length < {PetalLengthCut}",
            Evaluation.Predict(network, context.All).Select(l => (int?)l).ToArray(),
            [
                ModelCheck.AtLeast("held-out accuracy within its slice", sliceAccuracy, AccuracyFloor),
                ModelCheck.AtLeast("PSI of petal_length, full data vs baseline", psi["petal_length"], PsiFloor),
                ModelCheck.AtLeast("PSI of petal_width, full data vs baseline", psi["petal_width"], PsiFloor),
            ],
            [
                $"accuracy on all {context.Split.HeldOut.Count} held-out rows: {Format.Number(fullAccuracy)} (it never saw virginica)",
                $"PSI of the full data set vs its baseline: {psiLine}",
            ]);
    }
}
