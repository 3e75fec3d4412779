using Rollouts.Api.Status;
using Rollouts.Metrics;
using Rollouts.Operator.Rollouts;

namespace Rollouts.Operator.Tests.Host;

public sealed class PrometheusRolloutMetricsTests
{
    [Fact]
    public void Writes_the_four_rollout_series()
    {
        var registry = new MetricRegistry();
        var metrics = new PrometheusRolloutMetrics(registry);
        metrics.Observe("ns", "iris", RolloutPhase.Paused, 25);
        metrics.Rollback("AnalysisFailed", 1.5);
        var text = registry.ToText();
        text.ShouldContain("rollouts_phase{namespace=\"ns\",name=\"iris\",phase=\"Paused\"} 1");
        text.ShouldContain("rollouts_phase{namespace=\"ns\",name=\"iris\",phase=\"Healthy\"} 0");
        text.ShouldContain("rollouts_canary_weight{namespace=\"ns\",name=\"iris\"} 25");
        text.ShouldContain("rollouts_rollbacks_total{reason=\"AnalysisFailed\"} 1");
        text.ShouldContain("rollouts_rollback_traffic_seconds_bucket{le=\"2.5\"} 1");
        text.ShouldContain("rollouts_rollback_traffic_seconds_bucket{le=\"1\"} 0");
    }
}
