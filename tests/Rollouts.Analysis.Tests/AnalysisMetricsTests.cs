using Rollouts.Api.Analysis;
using Rollouts.Metrics;

namespace Rollouts.Analysis.Tests;

public sealed class AnalysisMetricsTests
{
    [Fact]
    public void Measurements_are_counted_by_check_and_verdict()
    {
        var registry = new MetricRegistry();
        var metrics = new AnalysisMetrics(registry);

        metrics.MeasurementTaken("errorRate", MeasurementVerdict.Failed);
        metrics.MeasurementTaken("errorRate", MeasurementVerdict.Failed);
        metrics.MeasurementTaken("samples", MeasurementVerdict.Inconclusive);

        var text = registry.ToText();
        text.ShouldContain("# TYPE rollouts_analysis_measurements_total counter");
        text.ShouldContain("rollouts_analysis_measurements_total{check=\"errorRate\",verdict=\"Failed\"} 2");
        text.ShouldContain("rollouts_analysis_measurements_total{check=\"samples\",verdict=\"Inconclusive\"} 1");
    }
}
