using Prometheus;
using Rollouts.Api.Analysis;
using Rollouts.Testing;

namespace Rollouts.Analysis.Tests;

public sealed class AnalysisMetricsTests
{
    [Fact]
    public async Task Measurements_are_counted_by_check_and_verdict()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new AnalysisMetrics(registry);

        metrics.MeasurementTaken("errorRate", MeasurementVerdict.Failed);
        metrics.MeasurementTaken("errorRate", MeasurementVerdict.Failed);
        metrics.MeasurementTaken("samples", MeasurementVerdict.Inconclusive);

        var text = await MetricsText.ExportAsync(registry);
        text.ShouldContain("# TYPE rollouts_analysis_measurements_total counter");
        text.ShouldContain("rollouts_analysis_measurements_total{check=\"errorRate\",verdict=\"Failed\"} 2");
        text.ShouldContain("rollouts_analysis_measurements_total{check=\"samples\",verdict=\"Inconclusive\"} 1");
    }
}
