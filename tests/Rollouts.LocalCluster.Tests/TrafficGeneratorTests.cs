using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rollouts.Kube;
using Rollouts.LocalCluster.Traffic;
using Rollouts.Testing;
using Endpoint = Rollouts.LocalCluster.Traffic.Endpoint;

namespace Rollouts.LocalCluster.Tests;

/// <summary>
/// The traffic generator against two stand-in servers (the true boundary: an HTTP server speaking the Open
/// Inference Protocol's infer answer with a prediction id, and the feedback endpoint) behind a route with a header rule.
/// </summary>
public sealed class TrafficGeneratorTests
{
    private static readonly IrisRows Rows = IrisRows.Load(RepositoryPaths.InRepo("samples/data/iris.csv"));

    [Fact]
    public async Task Cohort_requests_follow_the_header_rule_and_feedback_posts_each_rows_true_label_with_its_prediction_id()
    {
        await using var stable = await StandIn.StartAsync("127.0.4.2");
        await using var canary = await StandIn.StartAsync("127.0.4.3");
        var route = new RoutingTable(
            [new Backend("iris-stable", 100, [stable.Endpoint("1.0.0")]), new Backend("iris-canary", 0, [canary.Endpoint("2.0.0")])],
            "test",
            [new HeaderRule([[new HttpHeaderMatch { Name = "x-user-group", Value = "beta" }]], [new Backend("iris-canary", 100, [canary.Endpoint("2.0.0")])])]);
        var generator = new TrafficGenerator(
            new FixedRouting(route),
            Rows,
            new TrafficGeneratorOptions
            {
                RequestsPerSecond = 200,
                CohortHeader = "x-user-group",
                CohortValue = "beta",
                CohortShare = 0.3,
                FeedbackShare = 0.5,
                FeedbackDelay = TimeSpan.FromMilliseconds(200),
            },
            TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var run = generator.RunAsync(stop.Token);
        await Until(() => generator.Stats.FeedbackAnswered >= 150);
        await stop.CancelAsync();
        await run;

        // Every cohort request reached the canary, and nothing else did (its weight is 0).
        canary.Infers.ShouldNotBeEmpty();
        canary.Infers.ShouldAllBe(i => i.Cohort);
        stable.Infers.ShouldAllBe(i => !i.Cohort);
        var cohort = generator.Stats.CohortSnapshot();
        cohort.Keys.ShouldBe(["2.0.0"]);
        var all = generator.Stats.Snapshot();
        all["2.0.0"].Successes.ShouldBe(cohort["2.0.0"].Successes);
        var share = (double)canary.Infers.Count / (canary.Infers.Count + stable.Infers.Count);
        share.ShouldBeInRange(0.2, 0.4);

        // Feedback: the id of an answer and the true species of the row that was sent, after the delay, through the
        // same route (a cohort request's feedback goes to the canary too).
        var feedback = stable.Feedback.Concat(canary.Feedback).ToList();
        var predictions = stable.Predictions.Concat(canary.Predictions).ToDictionary();
        foreach (var f in feedback)
        {
            var row = predictions[f.Id];
            f.Labels.ShouldBe([TrueLabel(row.Features)]);
            (f.At - row.At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150));
        }

        canary.Feedback.ShouldAllBe(f => f.Cohort);
        var sent = generator.Stats.FeedbackSnapshot();
        ((double)sent["sent"] / all.Values.Sum(v => v.Successes)).ShouldBeInRange(0.4, 0.6);

        // The outcomes the servers answered are what the stats count (the stand-ins call every third id unknown);
        // stopping abandons feedback still waiting, and a post cut off in flight may have reached a stand-in.
        var counted = generator.Stats.FeedbackSnapshot();
        var abandoned = counted["sent"] - generator.Stats.FeedbackAnswered;
        foreach (var outcome in new[] { "unmatched", "correct", "incorrect" })
        {
            ((long)feedback.Count(f => f.Answer == outcome)).ShouldBeInRange(counted.GetValueOrDefault(outcome), counted.GetValueOrDefault(outcome) + abandoned, outcome);
        }

        counted.GetValueOrDefault("correct").ShouldBeGreaterThan(0);
        counted.GetValueOrDefault("incorrect").ShouldBeGreaterThan(0);
        counted.GetValueOrDefault("unmatched").ShouldBeGreaterThan(0);
        counted.ContainsKey("failed").ShouldBeFalse();
    }

    [Fact]
    public async Task An_answer_without_a_prediction_id_is_counted_and_no_feedback_is_posted()
    {
        await using var server = await StandIn.StartAsync("127.0.4.4", withIds: false);
        var generator = new TrafficGenerator(
            new FixedRouting(new RoutingTable([new Backend("iris", 1, [server.Endpoint("1.0.0")])], "test")),
            Rows,
            new TrafficGeneratorOptions { RequestsPerSecond = 200, FeedbackShare = 1, FeedbackDelay = TimeSpan.Zero },
            TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var run = generator.RunAsync(stop.Token);
        await Until(() => generator.Stats.FeedbackSnapshot().GetValueOrDefault("no_id") >= 20);
        await stop.CancelAsync();
        await run;
        server.Feedback.ShouldBeEmpty();
        generator.Stats.FeedbackSnapshot().ContainsKey("sent").ShouldBeFalse();
    }

    private static int TrueLabel(float[] features)
    {
        for (var i = 0; i < Rows.Rows.Count; i++)
        {
            if (Rows.Rows[i].SequenceEqual(features))
            {
                return Rows.Labels[i];
            }
        }

        throw new InvalidOperationException("a row that is not in iris.csv was sent");
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met within 60 s");
            }

            await Task.Delay(50);
        }
    }

    private sealed class FixedRouting(RoutingTable table) : IRoutingSource
    {
        public Task<RoutingTable> ReadAsync(CancellationToken ct) => Task.FromResult(table);
    }

    /// <summary>A stand-in serving pod: answers infer with label 0 and an id, records feedback and judges it by that label.</summary>
    private sealed class StandIn : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _next;

        private StandIn(WebApplication app) => _app = app;

        public ConcurrentBag<(bool Cohort, float[] Features)> Infers { get; } = [];

        public ConcurrentDictionary<string, (float[] Features, DateTime At)> Predictions { get; } = new();

        public ConcurrentBag<(string Id, int[] Labels, bool Cohort, DateTime At, string Answer)> Feedback { get; } = [];

        private Uri Url { get; set; } = null!;

        public static async Task<StandIn> StartAsync(string ip, bool withIds = true)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Parse(ip), 0));
            var app = builder.Build();
            var standIn = new StandIn(app);
            app.MapPost("/v2/models/iris/infer", async (HttpContext context) =>
            {
                using var doc = await JsonDocument.ParseAsync(context.Request.Body);
                var features = doc.RootElement.GetProperty("inputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
                standIn.Infers.Add((context.Request.Headers["x-user-group"] == "beta", features));
                var id = $"{ip}-{Interlocked.Increment(ref standIn._next)}";
                standIn.Predictions[id] = (features, DateTime.UtcNow);
                var parameters = withIds ? $",\"parameters\":{{\"prediction_id\":\"{id}\"}}" : "";
                return Results.Text($"{{\"model_name\":\"iris\",\"outputs\":[{{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[0]}}]{parameters}}}", "application/json");
            });
            app.MapPost("/v2/models/iris/feedback", async (HttpContext context) =>
            {
                using var doc = await JsonDocument.ParseAsync(context.Request.Body);
                var id = doc.RootElement.GetProperty("prediction_id").GetString()!;
                var labels = doc.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var answer = int.Parse(id[(id.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0 ? "unmatched" : labels[0] == 0 ? "correct" : "incorrect";
                standIn.Feedback.Add((id, labels, context.Request.Headers["x-user-group"] == "beta", DateTime.UtcNow, answer));
                return answer == "unmatched"
                    ? Results.Text("{\"error\":\"unknown prediction id\"}", "application/json", statusCode: 422)
                    : Results.Text($"{{\"prediction_id\":\"{id}\",\"outcomes\":[\"{answer}\"]}}", "application/json");
            });
            await app.StartAsync();
            standIn.Url = new Uri(app.Urls.First());
            return standIn;
        }

        public Endpoint Endpoint(string version) => new($"pod-{Url.Host}", version, Url);

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
