using Prometheus;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>
/// <see cref="IAnalysisMetrics"/> on a prometheus-net <see cref="CollectorRegistry"/>: the counter
/// <c>rollouts_analysis_measurements_total{check,verdict}</c> (check: samples, errorRate, latency, drift, agreement, accuracy or a custom
/// metric's name; verdict: Successful, Failed, Inconclusive, Error).
/// </summary>
public sealed class AnalysisMetrics : IAnalysisMetrics
{
    /// <summary>The counter's name.</summary>
    public const string MeasurementsTotal = "rollouts_analysis_measurements_total";

    private readonly Counter measurements;

    /// <summary>Registers the counter in <paramref name="registry"/>.</summary>
    public AnalysisMetrics(CollectorRegistry registry) =>
        measurements = Metrics.WithCustomRegistry(registry).CreateCounter(MeasurementsTotal, "Analysis measurements taken, by check and verdict.", ["check", "verdict"]);

    /// <inheritdoc />
    public void MeasurementTaken(string check, MeasurementVerdict verdict) => measurements.WithLabels(check, verdict.ToString()).Inc();
}
