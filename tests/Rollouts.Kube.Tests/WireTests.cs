using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Prometheus;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

/// <summary>
/// What is ours around KubernetesClient's transport, on wire behaviour a healthy API server does not show on demand
/// (429, 500, a connection cut mid-watch, an ERROR 410 event), against a scripted loopback HTTP server: the retry
/// handler, the typed errors, the per-try request metrics, and the informer's resume and relist.
/// </summary>
public sealed class WireTests : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> requests = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> script = new();
    private WebApplication? app;

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private async Task<KubeClient> StartAsync(KubeClientOptions? options = null, IRuntimeMetrics? metrics = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.Run(async context =>
        {
            requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (script.TryDequeue(out var step))
            {
                await step(context);
            }
            else
            {
                context.Response.StatusCode = 599;
            }
        });
        await app.StartAsync();

        // Plain HTTP on loopback; KubernetesClient asks for HTTP/2 unless told not to (Kestrel without TLS speaks HTTP/1.1).
        var config = new KubernetesClientConfiguration { Host = app.Urls.First(), AccessToken = "t", DisableHttp2 = true };
        return KubeClient.Create(config, options ?? new KubeClientOptions { FieldManager = "wire-tests", RetryBaseDelay = TimeSpan.FromMilliseconds(1) }, metrics);
    }

    private static Func<HttpContext, Task> Json(int code, string body, string? retryAfter = null) => async context =>
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await context.Response.WriteAsync(body);
    };

    private static Func<HttpContext, Task> Lines(params string[] lines) => async context =>
    {
        context.Response.ContentType = "application/json";
        foreach (var line in lines)
        {
            await context.Response.WriteAsync(line + "\n");
            await context.Response.Body.FlushAsync();
        }
    };

    private const string LeaseJson = """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l","namespace":"ns","resourceVersion":"7"},"spec":{"holderIdentity":"x"}}""";

    private static string StatusJson(int code, string reason) => $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"scripted","reason":"{{reason}}","code":{{code}}}""";

    private static string LeaseEvent(string type, string name, string rv, string holder = "") => new JsonObject
    {
        ["type"] = type,
        ["object"] = new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = "ns",
                ["resourceVersion"] = rv,
                ["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "m", ["operation"] = "Update" }),
            },
            ["spec"] = new JsonObject { ["holderIdentity"] = holder },
        },
    }.ToJsonString();

    private static string LeaseList(string rv, params string[] names) => new JsonObject
    {
        ["apiVersion"] = "coordination.k8s.io/v1",
        ["kind"] = "LeaseList",
        ["metadata"] = new JsonObject { ["resourceVersion"] = rv },
        ["items"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = n, ["namespace"] = "ns", ["resourceVersion"] = rv },
            ["spec"] = new JsonObject(),
        })]),
    }.ToJsonString();

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_servers_Retry_After()
    {
        using var client = await StartAsync();
        script.Enqueue(Json(429, StatusJson(429, "TooManyRequests"), retryAfter: "1"));
        script.Enqueue(Json(200, LeaseJson));
        var started = DateTime.UtcNow;
        var lease = await client.GetAsync<V1Lease>("ns", "l", Timeouts.Ct());
        lease!.Spec.HolderIdentity.ShouldBe("x");
        requests.Count.ShouldBe(2);
        (DateTime.UtcNow - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)); // waited as told
    }

    [Fact]
    public async Task A_5xx_is_retried_for_reads_but_not_for_create_and_every_try_is_counted()
    {
        var registry = Metrics.NewCustomRegistry();
        using var client = await StartAsync(metrics: new PrometheusRuntimeMetrics(registry));
        script.Enqueue(Json(500, StatusJson(500, "InternalError")));
        script.Enqueue(Json(503, StatusJson(503, "ServiceUnavailable")));
        script.Enqueue(Json(200, LeaseJson));
        (await client.GetAsync<V1Lease>("ns", "l", Timeouts.Ct())).ShouldNotBeNull();
        requests.Count.ShouldBe(3);

        requests.Clear();
        script.Enqueue(Json(500, StatusJson(500, "InternalError")));
        var e = await Should.ThrowAsync<KubeApiException>(() => client.CreateAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = "l", NamespaceProperty = "ns" } }, Timeouts.Ct()));
        e.Reason.ShouldBe(StatusReason.InternalError);
        requests.Count.ShouldBe(1); // a create that may have happened is not repeated

        var text = await MetricsText.ExportAsync(registry);
        text.ShouldContain("rest_client_requests_total{verb=\"get\",resource=\"leases\",code=\"500\"} 1");
        text.ShouldContain("rest_client_requests_total{verb=\"get\",resource=\"leases\",code=\"503\"} 1");
        text.ShouldContain("rest_client_requests_total{verb=\"get\",resource=\"leases\",code=\"200\"} 1");
        text.ShouldContain("rest_client_requests_total{verb=\"create\",resource=\"leases\",code=\"500\"} 1");
    }

    [Fact]
    public async Task Retries_give_up_after_the_limit_with_the_last_status()
    {
        using var client = await StartAsync(new KubeClientOptions { FieldManager = "wire-tests", MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        for (var i = 0; i < 5; i++)
        {
            script.Enqueue(Json(503, StatusJson(503, "ServiceUnavailable")));
        }

        (await Should.ThrowAsync<KubeApiException>(() => client.GetAsync<V1Lease>("ns", "l", Timeouts.Ct()))).Reason.ShouldBe(StatusReason.ServiceUnavailable);
        requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_non_Status_error_body_still_gives_a_typed_reason_from_the_code()
    {
        using var client = await StartAsync(new KubeClientOptions { FieldManager = "wire-tests", MaxRetries = 0 });
        script.Enqueue(async context =>
        {
            context.Response.StatusCode = 403;
            await context.Response.WriteAsync("forbidden by proxy");
        });
        var e = await Should.ThrowAsync<KubeApiException>(() => client.ListAsync<V1Lease>("ns", null, Timeouts.Ct()));
        e.Reason.ShouldBe(StatusReason.Forbidden);
        e.Message.ShouldContain("forbidden by proxy");
    }

    [Fact]
    public async Task An_ERROR_410_event_ends_a_watch_with_a_typed_Gone()
    {
        using var client = await StartAsync();
        script.Enqueue(Lines(
            LeaseEvent("ADDED", "a", "11"),
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 11 (20)","reason":"Expired","code":410}}"""));
        var seen = new List<string?>();
        var gone = await Should.ThrowAsync<KubeApiException>(async () =>
        {
            await foreach (var (_, lease) in client.WatchAsync<V1Lease>("ns", new WatchOptions { ResourceVersion = "10" }, Timeouts.Ct()))
            {
                seen.Add(lease.Metadata.ResourceVersion);
            }
        });
        gone.Reason.ShouldBe(StatusReason.Gone);
        gone.Code.ShouldBe(410);
        seen.ShouldBe(["11"]);
        requests.Single().ShouldContain("watch=true");
        requests.Single().ShouldContain("allowWatchBookmarks=true");
        requests.Single().ShouldContain("resourceVersion=10");
    }

    [Fact]
    public async Task The_informer_resumes_a_cut_watch_from_the_last_resourceVersion_and_relists_on_410()
    {
        using var client = await StartAsync();
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        script.Enqueue(Json(200, LeaseList("10", "a", "old")));
        script.Enqueue(async context =>
        {
            await Lines(LeaseEvent("MODIFIED", "a", "11", "h1"))(context);
            await firstSeen.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a reset discards unread bytes: cut only once read
            context.Abort(); // connection cut
        });
        script.Enqueue(Lines(
            """{"type":"BOOKMARK","object":{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"resourceVersion":"15"}}}""",
            LeaseEvent("MODIFIED", "a", "16", "h2"))); // then the server ends the stream, as at its watch timeout
        script.Enqueue(Lines("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 16 (20)","reason":"Expired","code":410}}"""));
        script.Enqueue(Json(200, LeaseList("21", "a", "b"))); // the relist: "old" went, "b" came meanwhile
        script.Enqueue(async context => await Task.Delay(Timeout.Infinite, context.RequestAborted)); // a quiet watch

        var informer = new Informer<V1Lease>(new ListWatch<V1Lease>(client, "ns", null));
        var deleted = new ConcurrentQueue<string>();
        informer.AddHandler((type, lease) =>
        {
            if (type == WatchEventType.Deleted)
            {
                deleted.Enqueue(lease.Metadata.Name);
            }

            if (lease.Metadata.ResourceVersion == "11")
            {
                firstSeen.TrySetResult();
            }
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = informer.RunAsync(stop.Token);

        // The informer counts a watch when it sends it; the server records it when it arrives: wait for both.
        await Eventually.TrueAsync(() => informer.ListCount == 2 && informer.WatchCount == 4 && requests.Count >= 6, "relisted after the 410, watching again");
        informer.Get("ns", "a")!.Metadata.ResourceVersion.ShouldBe("21");
        informer.Get("ns", "b").ShouldNotBeNull();
        informer.Get("ns", "old").ShouldBeNull();
        deleted.ShouldBe(["old"]);
        informer.LastResourceVersion.ShouldBe("21");

        var urls = requests.ToList();
        urls.Count.ShouldBe(6);
        urls[0].ShouldNotContain("watch=true");
        urls[1].ShouldContain("resourceVersion=10");
        urls[2].ShouldContain("resourceVersion=11"); // resumed after the cut, not relisted
        urls[3].ShouldContain("resourceVersion=16"); // the bookmark's 15, then the event's 16
        urls[4].ShouldNotContain("watch=true"); // the 410 relists
        urls[5].ShouldContain("resourceVersion=21");
        urls.Where(u => u.Contains("watch=true", StringComparison.Ordinal)).ShouldAllBe(u => u.Contains("allowWatchBookmarks=true", StringComparison.Ordinal));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_informer_cache_drops_managedFields()
    {
        using var client = await StartAsync();
        script.Enqueue(Json(200, LeaseList("10")));
        script.Enqueue(Lines(LeaseEvent("ADDED", "a", "11")));
        script.Enqueue(async context => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        var informer = new Informer<V1Lease>(new ListWatch<V1Lease>(client, "ns", null));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = informer.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => informer.Get("ns", "a") is not null, "the added lease is cached");
        informer.Get("ns", "a")!.Metadata.ManagedFields.ShouldBeNull();

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
