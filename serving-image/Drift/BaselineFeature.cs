namespace Rollouts.Serving.Drift;

/// <summary>A feature's reference histogram: column <paramref name="Index"/> of model input <paramref name="Input"/>.</summary>
/// <param name="Input">Model input name.</param>
/// <param name="Index">Column in the input's last dim (row-major [N, F] input).</param>
/// <param name="Name">Feature name used as the <c>feature</c> label.</param>
/// <param name="Edges">k+1 ascending bin boundaries.</param>
/// <param name="Proportions">k reference proportions summing to 1.</param>
public sealed record BaselineFeature(string Input, int Index, string Name, double[] Edges, double[] Proportions);
