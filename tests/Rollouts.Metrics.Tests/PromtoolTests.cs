namespace Rollouts.Metrics.Tests;

public sealed class PromtoolTests
{
    [PromtoolFact]
    public async Task Promtool_accepts_every_kind_of_metric_with_escaping_and_special_values()
    {
        var registry = new MetricRegistry();
        var requests = registry.Counter("model_inference_requests_total", "Inference requests.\nBy code, with a \\ backslash.", "model_name", "model_version", "code");
        var duration = registry.Histogram("model_inference_request_duration_seconds", "Request duration.", Buckets.DefaultSeconds, "model_name", "model_version");
        var batch = registry.Histogram("model_inference_batch_size", "Rows per batch.", Buckets.Exponential(1, 2, 8), "model_name", "model_version");
        var inFlight = registry.Gauge("model_inference_in_flight_requests", "Requests in flight.", "model_name", "model_version");
        registry.Gauge("model_load_duration_seconds", "Load time.").Set(0.125);
        registry.Gauge("model_info", "Model info.", "model_name", "model_version", "runtime_version").WithLabels("iris", "v2", "1.23.2").Set(1);
        registry.GaugeCallback("model_feature_drift_psi", "PSI per feature.", () => [(["iris", "v2", "sepal_length"], 0.02), (["iris", "v2", "petal \"width\"\n"], double.NaN)], "model_name", "model_version", "feature");
        registry.Gauge("special_values", "Infinities.", "kind").WithLabels("pos").Set(double.PositiveInfinity);
        registry.Gauge("special_values", "Infinities.", "kind").WithLabels("neg").Set(double.NegativeInfinity);
        foreach (var (code, count) in new[] { ("200", 40), ("400", 3), ("500", 2) })
        {
            requests.WithLabels("iris", "v2", code).Inc(count);
        }

        requests.WithLabels("path\\with\\backslashes", "ünïcode ✓", "200").Inc();
        for (var i = 0; i < 100; i++)
        {
            duration.WithLabels("iris", "v2").Observe(i / 250.0);
            batch.WithLabels("iris", "v2").Observe(1 + (i % 70));
        }

        inFlight.WithLabels("iris", "v2").Set(3);
        var text = registry.ToText();
        ExpositionParser.Parse(text); // our strict reading first

        var (exitCode, output) = await Promtool.CheckMetricsAsync(text);

        output.ShouldBeEmpty();
        exitCode.ShouldBe(0);
    }

    [PromtoolFact]
    public async Task Promtool_rejects_broken_exposition_so_the_check_above_can_fail()
    {
        var (exitCode, output) = await Promtool.CheckMetricsAsync("# TYPE broken counter\nbroken{label=\"unterminated} 1\n");

        exitCode.ShouldNotBe(0);
        output.ShouldNotBeEmpty();
    }
}
