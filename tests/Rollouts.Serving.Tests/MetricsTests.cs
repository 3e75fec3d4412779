using System.Net;

namespace Rollouts.Serving.Tests;

/// <summary>/metrics: the seams §5 names, parseable text, consistent histograms, counts that follow the traffic.</summary>
public sealed class MetricsTests
{
    private const string Good = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";

    [Fact]
    public async Task Metrics_text_parses_and_histograms_are_consistent()
    {
        await using var server = await ServingServer.StartAsync(TestModels.Sample("iris-v2"));
        for (var i = 0; i < 5; i++)
        {
            (await server.InferJsonAsync(Good)).Status.ShouldBe(HttpStatusCode.OK);
        }

        (await server.InferJsonAsync("{}")).Status.ShouldBe(HttpStatusCode.BadRequest);

        using var response = await server.Client.GetAsync("/metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldStartWith("text/plain; version=0.0.4");
        var text = await response.Content.ReadAsStringAsync();
        var samples = PrometheusText.Parse(text);
        var types = PrometheusText.Types(text);

        types["model_inference_requests_total"].ShouldBe("counter");
        types["model_inference_in_flight_requests"].ShouldBe("gauge");
        types["model_load_duration_seconds"].ShouldBe("gauge");
        types["model_info"].ShouldBe("gauge");
        foreach (var histogram in new[] { "model_inference_request_duration_seconds", "model_inference_queue_duration_seconds", "model_inference_compute_duration_seconds", "model_inference_batch_size" })
        {
            types[histogram].ShouldBe("histogram");
            var buckets = samples.Where(s => s.Name == histogram + "_bucket").ToList();
            buckets.Count.ShouldBeGreaterThan(2, histogram);
            for (var i = 1; i < buckets.Count; i++)
            {
                buckets[i].Value.ShouldBeGreaterThanOrEqualTo(buckets[i - 1].Value, $"{histogram} buckets are cumulative");
            }

            buckets[^1].Labels["le"].ShouldBe("+Inf");
            samples.Single(s => s.Name == histogram + "_count").Value.ShouldBe(buckets[^1].Value);
            samples.Single(s => s.Name == histogram + "_sum").Value.ShouldBeGreaterThanOrEqualTo(0);
        }

        samples.Where(s => s.Name.StartsWith("model_", StringComparison.Ordinal))
            .ShouldAllBe(s => s.Labels["model_name"] == "m" && s.Labels["model_version"] == "1");

        Value(samples, "model_inference_requests_total", ("code", "200")).ShouldBe(5);
        Value(samples, "model_inference_requests_total", ("code", "400")).ShouldBe(1);
        Value(samples, "model_inference_request_duration_seconds_count").ShouldBe(6);
        Value(samples, "model_inference_compute_duration_seconds_count").ShouldBe(5);
        Value(samples, "model_inference_in_flight_requests").ShouldBe(0);
        Value(samples, "model_load_duration_seconds").ShouldBeGreaterThan(0);
        var info = samples.Single(s => s.Name == "model_info");
        info.Value.ShouldBe(1);
        info.Labels["runtime_version"].ShouldBe("1.31.1");

        var buckets2 = samples.Where(s => s.Name == "model_inference_request_duration_seconds_bucket").Select(s => s.Labels["le"]).ToList();
        buckets2[0].ShouldBe("0.0005");
        buckets2[^2].ShouldBe("10");
        samples.ShouldNotContain(s => s.Name.Contains("drift"), "no baseline, no drift series");
    }

    private static double Value(IReadOnlyList<PrometheusText.Sample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Single(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Value;
}
