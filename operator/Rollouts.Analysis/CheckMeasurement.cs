using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>One check's measurement within a round.</summary>
/// <param name="Name">The check name.</param>
/// <param name="Kind">The kind of check.</param>
/// <param name="Measurement">The measurement with its verdict.</param>
public sealed record CheckMeasurement(string Name, CheckKind Kind, AnalysisMeasurement Measurement);
