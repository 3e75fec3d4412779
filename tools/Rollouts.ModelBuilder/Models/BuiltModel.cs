using Rollouts.ModelBuilder.Baselines;

namespace Rollouts.ModelBuilder.Models;

/// <summary>A sample model ready to write, with the facts and self-checks the tool reports.</summary>
/// <param name="Name">Folder name under samples/models, e.g. "iris-v2".</param>
/// <param name="Description">One line for the README.</param>
/// <param name="ModelBytes">The serialised ONNX model.</param>
/// <param name="Baseline">Drift reference (baseline.json).</param>
/// <param name="Accuracy">Held-out accuracy as the model's checks define it.</param>
/// <param name="AccuracyScope">Which held-out rows <paramref name="Accuracy"/> is measured on.</param>
/// <param name="ExpectedLabels">Reference label for each row of the full data set in file order; null where ONNX Runtime must fail.</param>
/// <param name="Checks">Self-checks; the tool exits non-zero if any fails.</param>
/// <param name="Facts">Extra measured lines to print and put in the README.</param>
public sealed record BuiltModel(
    string Name,
    string Description,
    byte[] ModelBytes,
    Baseline Baseline,
    double Accuracy,
    string AccuracyScope,
    IReadOnlyList<int?> ExpectedLabels,
    IReadOnlyList<ModelCheck> Checks,
    IReadOnlyList<string> Facts);
