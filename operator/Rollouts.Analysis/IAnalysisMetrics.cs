using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>Operator metrics written by the analysis runner: <c>rollouts_analysis_measurements_total{check,verdict}</c>.</summary>
public interface IAnalysisMetrics
{
    /// <summary>Counts one measurement of <paramref name="check"/> with <paramref name="verdict"/>.</summary>
    void MeasurementTaken(string check, MeasurementVerdict verdict);
}
