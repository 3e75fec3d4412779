using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Rollouts.Kube.Tests;

/// <summary>
/// Wire-level behaviour that a healthy API server does not show on demand (429, 500, a connection cut mid-watch),
/// checked against a scripted loopback HTTP server.
/// </summary>
public sealed class WireTests : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> requests = new();
    private readonly ConcurrentQueue<string> authorizations = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> script = new();
    private WebApplication? app;

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private async Task<KubeClient> StartAsync(KubeClientOptions? options = null, KubeClientConfiguration? config = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.Run(async context =>
        {
            requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
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
        var server = new Uri(app.Urls.First());
        return new KubeClient(
            config is null ? new KubeClientConfiguration { Server = server, Token = "t" } : new KubeClientConfiguration { Server = server, TokenFile = config.TokenFile },
            options ?? new KubeClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1) },
            time: time);
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

    private const string LeaseJson = """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l","namespace":"ns","resourceVersion":"7"},"spec":{"holderIdentity":"x"}}""";

    private static string StatusJson(int code, string reason) => $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"scripted","reason":"{{reason}}","code":{{code}}}""";

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_servers_Retry_After()
    {
        using var client = await StartAsync();
        script.Enqueue(Json(429, StatusJson(429, "TooManyRequests"), retryAfter: "1"));
        script.Enqueue(Json(200, LeaseJson));
        var started = DateTime.UtcNow;
        var lease = await client.GetAsync<Lease>("ns", "l", Timeouts.Ct());
        lease!.Spec.HolderIdentity.ShouldBe("x");
        requests.Count.ShouldBe(2);
        (DateTime.UtcNow - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)); // waited as told
    }

    [Fact]
    public async Task A_5xx_is_retried_for_reads_but_not_for_create()
    {
        using var client = await StartAsync();
        script.Enqueue(Json(500, StatusJson(500, "InternalError")));
        script.Enqueue(Json(503, StatusJson(503, "ServiceUnavailable")));
        script.Enqueue(Json(200, LeaseJson));
        (await client.GetAsync<Lease>("ns", "l", Timeouts.Ct())).ShouldNotBeNull();
        requests.Count.ShouldBe(3);

        requests.Clear();
        script.Enqueue(Json(500, StatusJson(500, "InternalError")));
        var e = await Should.ThrowAsync<KubeApiException>(() => client.CreateAsync(new Lease { Metadata = new ObjectMeta { Name = "l", Namespace = "ns" } }, Timeouts.Ct()));
        e.Reason.ShouldBe(StatusReason.InternalError);
        requests.Count.ShouldBe(1); // a create that may have happened is not repeated
    }

    [Fact]
    public async Task Retries_give_up_after_the_limit_with_the_last_status()
    {
        using var client = await StartAsync(new KubeClientOptions { MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });
        for (var i = 0; i < 5; i++)
        {
            script.Enqueue(Json(503, StatusJson(503, "ServiceUnavailable")));
        }

        (await Should.ThrowAsync<KubeApiException>(() => client.GetAsync<Lease>("ns", "l", Timeouts.Ct()))).Reason.ShouldBe(StatusReason.ServiceUnavailable);
        requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_watch_cut_mid_stream_resumes_from_the_last_resourceVersion_and_an_ERROR_410_surfaces_as_Gone()
    {
        using var client = await StartAsync();
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        script.Enqueue(async context =>
        {
            await context.Response.WriteAsync("""{"type":"ADDED","object":{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"a","namespace":"ns","resourceVersion":"11"},"spec":{}}}""" + "\n");
            await context.Response.Body.FlushAsync();
            await firstSeen.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a reset discards unread bytes: cut only once read
            context.Abort(); // connection cut
        });
        script.Enqueue(async context =>
        {
            await context.Response.WriteAsync("""{"type":"BOOKMARK","object":{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"resourceVersion":"15"}}}""" + "\n");
            await context.Response.WriteAsync("""{"type":"MODIFIED","object":{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"a","namespace":"ns","resourceVersion":"16"},"spec":{"holderIdentity":"me"}}}""" + "\n");
        }); // then the server ends the stream normally (a watch timeout)
        script.Enqueue(async context =>
            await context.Response.WriteAsync("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 16 (20)","reason":"Expired","code":410}}""" + "\n"));

        var seen = new List<(WatchEventType, string?)>();
        var gone = await Should.ThrowAsync<KubeApiException>(async () =>
        {
            await foreach (var e in client.WatchAsync<Lease>("ns", new WatchOptions { ResourceVersion = "10" }, Timeouts.Ct()))
            {
                seen.Add((e.Type, e.Object.Metadata.ResourceVersion));
                firstSeen.TrySetResult();
            }
        });

        gone.Reason.ShouldBe(StatusReason.Gone);
        seen.ShouldBe([(WatchEventType.Added, "11"), (WatchEventType.Bookmark, "15"), (WatchEventType.Modified, "16")]);
        var urls = requests.ToList();
        urls.Count.ShouldBe(3);
        urls.ShouldAllBe(u => u.Contains("watch=1") && u.Contains("allowWatchBookmarks=true"));
        urls[0].ShouldContain("resourceVersion=10");
        urls[1].ShouldContain("resourceVersion=11");
        urls[2].ShouldContain("resourceVersion=16");
    }

    [Fact]
    public async Task A_non_Status_error_body_still_gives_a_typed_reason_from_the_code()
    {
        using var client = await StartAsync(new KubeClientOptions { MaxRetries = 0 });
        script.Enqueue(async context =>
        {
            context.Response.StatusCode = 403;
            await context.Response.WriteAsync("forbidden by proxy");
        });
        var e = await Should.ThrowAsync<KubeApiException>(() => client.ListAsync<Lease>("ns", null, Timeouts.Ct()));
        e.Reason.ShouldBe(StatusReason.Forbidden);
        e.Message.ShouldContain("forbidden by proxy");
    }

    [Fact]
    public async Task A_rotated_token_file_is_picked_up_after_the_refresh_interval()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "first\n");
            var clock = new ManualTimeProvider();
            using var client = await StartAsync(config: new KubeClientConfiguration { Server = new Uri("http://unused"), TokenFile = file }, time: clock);
            for (var i = 0; i < 3; i++)
            {
                script.Enqueue(Json(200, LeaseJson));
            }

            await client.GetAsync<Lease>("ns", "l", Timeouts.Ct());
            await File.WriteAllTextAsync(file, "second\n");
            await client.GetAsync<Lease>("ns", "l", Timeouts.Ct()); // within a minute: the cached token
            clock.Advance(TimeSpan.FromMinutes(1));
            await client.GetAsync<Lease>("ns", "l", Timeouts.Ct());
            authorizations.ShouldBe(["Bearer first", "Bearer first", "Bearer second"]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
