using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Rollouts.Serving.Batching;
using Rollouts.Serving.Metrics;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// <c>--max-queued-requests</c>: overload of iris-slow on the real server process gives fast 503s with Retry-After while
/// admitted requests succeed, counted and gauged, and the server recovers; the queue's own bound and wait estimate.
/// </summary>
public sealed class LoadSheddingTests
{
    [Fact]
    public async Task Overloading_iris_slow_gives_fast_503s_with_retry_after_while_admitted_requests_succeed_and_it_recovers()
    {
        await using var server = await ServingProcess.StartAsync("iris-slow", "slow", "1", ["--max-queued-requests", "2", "--intra-op-threads", "1"]);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        var body = SlowBody(64);

        // 32 clients, 4 requests each, all at once: 64 rows of iris-slow take far longer than the requests take to arrive.
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            var mine = new List<(HttpStatusCode Status, double Milliseconds, string? RetryAfter, string Body)>();
            for (var i = 0; i < 4; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.PostAsync("v2/models/slow/infer", new StringContent(body, Encoding.UTF8, "application/json"));
                var text = await response.Content.ReadAsStringAsync();
                mine.Add((response.StatusCode, watch.Elapsed.TotalMilliseconds, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture), text));
            }

            return mine;
        }));
        var all = results.SelectMany(r => r).ToList();
        var refused = all.Where(r => r.Status == HttpStatusCode.ServiceUnavailable).ToList();
        var served = all.Where(r => r.Status == HttpStatusCode.OK).ToList();

        (refused.Count + served.Count).ShouldBe(all.Count, string.Join(", ", all.Select(r => r.Status).Distinct()));
        refused.ShouldNotBeEmpty();
        served.ShouldNotBeEmpty();
        foreach (var r in refused)
        {
            r.RetryAfter.ShouldNotBeNull();
            double.Parse(r.RetryAfter, CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(1);
            JsonNode.Parse(r.Body)!["error"]!.GetValue<string>().ShouldContain("--max-queued-requests");
        }

        // Figures only (no timed assertion): how long refusals and admitted requests took.
        Console.WriteLine($"overload: {served.Count} served (median {Median(served.Select(r => r.Milliseconds)):F1} ms), {refused.Count} refused (median {Median(refused.Select(r => r.Milliseconds)):F1} ms)");

        var samples = PrometheusText.Parse(await server.MetricsAsync());
        // A refusal never waited for the model: only the admitted requests were queued for a Run.
        Value(samples, "model_inference_queue_duration_seconds_count").ShouldBe(served.Count);
        Value(samples, "model_inference_rejected_requests_total", ("reason", "queue_full")).ShouldBe(refused.Count);
        Value(samples, "model_inference_rejected_requests_total", ("reason", "rate_limited")).ShouldBe(0);
        Value(samples, "model_inference_requests_total", ("code", "503")).ShouldBe(refused.Count);
        Value(samples, "model_inference_queued_requests").ShouldBe(0);

        // Recovered: one client at a time is always admitted.
        for (var i = 0; i < 5; i++)
        {
            (await server.InferBatchAsync(ServingProcess.IrisRows.Take(8).ToList())).ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task The_unbatched_path_is_bounded_too()
    {
        // --max-batch-delay-us 0 turns batching off: requests Run on their own threads, and the bound counts those Runs.
        await using var server = await ServingServer.StartAsync(TestModels.Sample("iris-slow"), "--max-queued-requests", "1", "--max-batch-delay-us", "0");
        var body = SlowBody(64);
        var statuses = new List<(HttpStatusCode StatusCode, TimeSpan? Delta)>();
        // Waves of 16 at once until one overlaps a Run: on a loaded machine the client's requests may reach the
        // server one by one, and then none is refused (correctly). The bound on waves only ends a broken server's test.
        for (var wave = 0; wave < 20 && !statuses.Any(s => s.StatusCode == HttpStatusCode.ServiceUnavailable); wave++)
        {
            statuses.AddRange(await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
            {
                using var response = await server.InferAsync(body);
                return (response.StatusCode, response.Headers.RetryAfter?.Delta);
            })));
        }

        statuses.ShouldContain(s => s.StatusCode == HttpStatusCode.OK);
        statuses.ShouldContain(s => s.StatusCode == HttpStatusCode.ServiceUnavailable);
        statuses.Where(s => s.StatusCode == HttpStatusCode.ServiceUnavailable).ShouldAllBe(s => s.Delta >= TimeSpan.FromSeconds(1));
        (await server.InferJsonAsync(body)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void The_queue_refuses_beyond_its_limit_and_estimates_the_wait_from_the_service_time()
    {
        var metrics = new CountingMetrics();
        var queue = new RequestQueue(2, metrics);
        queue.TryEnter().ShouldBeTrue();
        queue.TryEnter().ShouldBeTrue();
        queue.TryEnter().ShouldBeFalse();
        queue.Depth.ShouldBe(2);
        metrics.Depth.ShouldBe(2);
        metrics.Rejections.ShouldBe(1);

        queue.EstimatedWait().ShouldBe(TimeSpan.FromSeconds(1), "no service time yet: at least 1 s");
        queue.Served(4, 8.0);
        queue.EstimatedWait().ShouldBe(TimeSpan.FromSeconds(4), "2 waiting × 2 s each");
        queue.Served(1, 1000);
        queue.EstimatedWait().ShouldBe(TimeSpan.FromSeconds(60), "capped at 60 s");

        queue.Leave();
        queue.TryEnter().ShouldBeTrue();
        queue.Leave();
        queue.Leave();
        queue.Depth.ShouldBe(0);
        metrics.Depth.ShouldBe(0);
        new RequestQueue(0, metrics).TryEnter().ShouldBeTrue("0 is unbounded");
    }

    private static string SlowBody(int rows)
    {
        var data = string.Join(",", ServingProcess.IrisRows.Take(rows).SelectMany(r => r).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        return $$"""{"inputs":[{"name":"input","datatype":"FP32","shape":[{{rows}},4],"data":[{{data}}]}]}""";
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Value(IReadOnlyList<PrometheusText.Sample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Single(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Value;

    private sealed class CountingMetrics : IServingMetrics
    {
        public int Depth { get; private set; }

        public int Rejections { get; private set; }

        public void RequestFinished(int statusCode, double seconds)
        {
        }

        public void InFlight(int delta)
        {
        }

        public void Queued(double seconds)
        {
        }

        public void Computed(long rows, double seconds)
        {
        }

        public void ModelLoaded(double seconds, string runtimeVersion)
        {
        }

        public void Rejected(RejectionReason reason) => Rejections++;

        public void QueueDepth(int delta) => Depth += delta;

        public void Feedback(string predictionRevision, Rollouts.Serving.Feedback.FeedbackOutcome outcome, int labels)
        {
        }

        public void FeedbackDelay(double seconds)
        {
        }

        public void ShadowCompared(string candidateRevision, Rollouts.Serving.Shadow.ShadowOutcome outcome)
        {
        }

        public void ShadowDropped(string candidateRevision, Rollouts.Serving.Shadow.ShadowDrop reason)
        {
        }

        public void ShadowDifference(string candidateRevision, double difference)
        {
        }
    }
}
