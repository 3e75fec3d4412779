using System.Text.Json.Serialization;

namespace Rollouts.ModelBuilder.Baselines;

/// <summary>Reference distribution of a model output (seams §4, "prediction").</summary>
/// <param name="Output">Output name ("label").</param>
/// <param name="Kind">"categorical" (categories + proportions) or "numeric" (edges + proportions).</param>
/// <param name="Categories">Class values for "categorical"; null otherwise.</param>
/// <param name="Edges">Bin edges for "numeric"; null otherwise.</param>
/// <param name="Proportions">One fraction per category or bin, summing to 1.</param>
public sealed record PredictionBaseline(
    string Output,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long[]? Categories,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? Edges,
    double[] Proportions);
