using Prometheus;
using Rollouts.Api.Status;
using Rollouts.Operator.Rollouts;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Host;

public sealed class PrometheusRolloutMetricsTests
{
    [Fact]
    public async Task Writes_the_four_rollout_series()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new PrometheusRolloutMetrics(registry);
        metrics.Observe("ns", "iris", RolloutPhase.Paused, 25);
        metrics.Rollback("AnalysisFailed", 1.5);
        var text = await MetricsText.ExportAsync(registry);
        text.ShouldContain("rollouts_phase{namespace=\"ns\",name=\"iris\",phase=\"Paused\"} 1");
        text.ShouldContain("rollouts_phase{namespace=\"ns\",name=\"iris\",phase=\"Healthy\"} 0");
        text.ShouldContain("rollouts_canary_weight{namespace=\"ns\",name=\"iris\"} 25");
        text.ShouldContain("rollouts_rollbacks_total{reason=\"AnalysisFailed\"} 1");
        text.ShouldContain("rollouts_rollback_traffic_seconds_bucket{le=\"2.5\"} 1");
        text.ShouldContain("rollouts_rollback_traffic_seconds_bucket{le=\"1\"} 0");
    }

    [Fact]
    public async Task A_deleted_modeldeployment_loses_its_series_and_the_others_keep_theirs()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new PrometheusRolloutMetrics(registry);
        metrics.Observe("ns", "iris", RolloutPhase.Progressing, 20);
        metrics.Observe("ns", "wine", RolloutPhase.Healthy, 0);
        metrics.Rollback("AnalysisFailed", 1.5);

        metrics.Forget("ns", "iris");

        var text = await MetricsText.ExportAsync(registry);
        text.ShouldNotContain("name=\"iris\"");
        text.ShouldContain("rollouts_phase{namespace=\"ns\",name=\"wine\",phase=\"Healthy\"} 1");
        text.ShouldContain("rollouts_canary_weight{namespace=\"ns\",name=\"wine\"} 0");
        text.ShouldContain("rollouts_rollbacks_total{reason=\"AnalysisFailed\"} 1"); // not per ModelDeployment: kept

        metrics.Observe("ns", "iris", RolloutPhase.Pending, 0); // re-created under the same name: series come back
        (await MetricsText.ExportAsync(registry)).ShouldContain("rollouts_phase{namespace=\"ns\",name=\"iris\",phase=\"Pending\"} 1");
    }
}
