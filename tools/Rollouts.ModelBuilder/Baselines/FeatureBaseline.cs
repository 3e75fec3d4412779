namespace Rollouts.ModelBuilder.Baselines;

/// <summary>Reference histogram of one input column (seams §4, "features" entries).</summary>
/// <param name="Input">Model input name ("input").</param>
/// <param name="Index">Column index in the input's last axis.</param>
/// <param name="Name">Feature name, e.g. "petal_length".</param>
/// <param name="Edges">k+1 ascending bin edges (cm).</param>
/// <param name="Proportions">k fractions summing to 1.</param>
public sealed record FeatureBaseline(string Input, int Index, string Name, double[] Edges, double[] Proportions);
