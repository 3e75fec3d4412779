using System.Text;
using Prometheus;

namespace Rollouts.BenchOperator.Tests;

public sealed class PrometheusTextTests
{
    [Fact]
    public async Task Reads_one_metric_with_escaped_labels_from_a_real_exposition()
    {
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        var requests = factory.CreateCounter("apiserver_request_total", "Requests.", "verb", "resource", "note");
        factory.CreateCounter("apiserver_request_total_other", "A longer name with the same prefix.").Inc(99);
        requests.WithLabels("PATCH", "services", "a \"quoted\" \\ value").Inc(3);
        requests.WithLabels("GET", "", "x").Inc(0.5);

        var samples = PrometheusText.Samples(await TextOf(registry), "apiserver_request_total");

        samples.Count.ShouldBe(2);
        samples[0].Labels["verb"].ShouldBe("PATCH");
        samples[0].Labels["note"].ShouldBe("a \"quoted\" \\ value");
        samples[0].Value.ShouldBe(3);
        samples[1].Labels["resource"].ShouldBe("");
        samples[1].Value.ShouldBe(0.5);
    }

    [Fact]
    public void Skips_comments_and_lines_that_do_not_parse()
    {
        var page = "# HELP m x\n# TYPE m counter\nm{a=\"1\"} 2\nm{a=\"unterminated} 3\nm{a=\"2\"} not-a-number\nm 7 1700000000000\n";

        var samples = PrometheusText.Samples(page, "m");

        samples.Select(s => s.Value).ShouldBe([2.0, 7.0]);
    }

    [Fact]
    public async Task Observed_signal_counts_distinct_objects_at_one_and_falls_back_to_the_reconcile_counter()
    {
        var registry = Metrics.NewCustomRegistry();
        var phase = Metrics.WithCustomRegistry(registry)
            .CreateGauge(ObservedSignal.PhaseGauge, "Phase.", "namespace", "name", "phase");
        foreach (var (ns, name) in new[] { ("a", "x"), ("a", "y"), ("b", "x") })
        {
            phase.WithLabels(ns, name, "Pending").Set(1);
            phase.WithLabels(ns, name, "Healthy").Set(0);
        }

        phase.WithLabels("b", "deleted", "Pending").Set(0); // a forgotten object keeps its series at 0

        ObservedSignal.Read(await TextOf(registry)).ShouldBe((3L, ObservedSignal.PhaseGauge));

        var older = Metrics.NewCustomRegistry();
        var reconciles = Metrics.WithCustomRegistry(older)
            .CreateCounter(ObservedSignal.ReconcileCounter, "Reconciles.", "controller", "result");
        reconciles.WithLabels("modeldeployment", "success").Inc(5);
        reconciles.WithLabels("modeldeployment", "requeue_after").Inc(2);
        ObservedSignal.Read(await TextOf(older)).ShouldBe((7L, ObservedSignal.ReconcileCounter));
        ObservedSignal.Read("").ShouldBe((0L, "none"));
    }

    /// <summary>The registry's exposition in the text format 0.0.4, as the operator's /metrics serves it.</summary>
    private static async Task<string> TextOf(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
