namespace Rollouts.Api.Strategy;

/// <summary>An analysis step (<c>analysis: {}</c>): runs spec.analysis against the canary. No fields yet.</summary>
public sealed record AnalysisStep;
