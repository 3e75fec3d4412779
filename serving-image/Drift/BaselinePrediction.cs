namespace Rollouts.Serving.Drift;

/// <summary>The prediction's reference distribution: "categorical" (categories) or "numeric" (edges).</summary>
/// <param name="Output">Model output name.</param>
/// <param name="Kind">"categorical" or "numeric".</param>
/// <param name="Categories">Class values, for categorical.</param>
/// <param name="Edges">Bin boundaries, for numeric.</param>
/// <param name="Proportions">Reference proportions per category or bin.</param>
public sealed record BaselinePrediction(string Output, string Kind, double[]? Categories, double[]? Edges, double[] Proportions);
