using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>An <see cref="IAnalysisMetrics"/> that records nothing (tools and tests that do not export metrics).</summary>
public sealed class NullAnalysisMetrics : IAnalysisMetrics
{
    /// <summary>The shared instance.</summary>
    public static NullAnalysisMetrics Instance { get; } = new();

    /// <inheritdoc />
    public void MeasurementTaken(string check, MeasurementVerdict verdict)
    {
    }
}
