using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rollouts.Kube;
using Rollouts.Kubectl.Commands;

namespace Rollouts.Kubectl.Dashboard;

/// <summary>
/// The local web server of <c>kubectl mdep dashboard</c> (Kestrel). The plugin is the only API client: the page gets
/// views, never a token of the cluster. Routes:
/// <c>GET /</c> the page (with the per-run token), <c>GET /app.js</c>, <c>GET /app.css</c> (embedded files);
/// <c>GET /api/stream</c> Server-Sent Events <c>list</c> (<see cref="ListView"/>) on every change;
/// <c>GET /api/stream/{ns}/{name}</c> events <c>detail</c> (<see cref="DetailView"/>) or <c>gone</c>;
/// <c>POST /api/modeldeployments/{ns}/{name}/actions/{action}</c> sets the action annotation
/// (<see cref="ActionResultView"/>: 200, 400 unknown action, 403 refused by <see cref="RequestGuard"/> or the API,
/// 404 not found, 502 other API failures). Streams send the whole current view first, so a page that reconnects
/// has the last state, and a <c>ping</c> after 15 s without a change.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>Longest quiet time on a stream before a <c>ping</c>.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    // Changes that come in a burst (a status write and its Events) are sent as one.
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(100);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication app;
    private readonly ModelDeploymentFeed feed;
    private readonly IKubeClient client;
    private readonly string? scope;
    private readonly TimeProvider time;
    private readonly RequestGuard guard;

    private DashboardServer(WebApplication app, ModelDeploymentFeed feed, IKubeClient client, string? scope, TimeProvider time, RequestGuard guard)
    {
        this.app = app;
        this.feed = feed;
        this.client = client;
        this.scope = scope;
        this.time = time;
        this.guard = guard;
    }

    /// <summary>Where the page is, e.g. <c>http://127.0.0.1:3100/</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The per-run token the page sends with actions.</summary>
    public string Token => guard.Token;

    /// <summary>
    /// Lists the ModelDeployments of <paramref name="scope"/> (null: every namespace) once, so an unusable kubeconfig or
    /// a refusal fails here, then starts watching and listening on <paramref name="address"/>:<paramref name="port"/>
    /// (0: any free port).
    /// </summary>
    /// <exception cref="KubeApiException">The first list was refused.</exception>
    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static async Task<DashboardServer> StartAsync(IKubeClient client, string? scope, IPAddress address, int port, TimeProvider time, CancellationToken ct)
    {
        await client.ListAsync<Rollouts.Api.ModelDeployment>(scope, new ListOptions { Limit = 1 }, ct);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(address, port));
        var app = builder.Build();
        var feed = new ModelDeploymentFeed(client, scope, time);
        var server = new DashboardServer(app, feed, client, scope, time, new RequestGuard(RequestGuard.NewToken(), address));
        server.Map();
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.guard.Port = bound.Port;
        server.Url = new UriBuilder("http", IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) ? "127.0.0.1" : bound.Host, bound.Port).Uri;
        await feed.WaitForSyncAsync(ct);
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        await feed.DisposeAsync();
    }

    private void Map()
    {
        app.Use(async (context, next) =>
        {
            if (guard.CheckHost(context.Request.Host.Value) is { } refused)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync(refused, context.RequestAborted);
                return;
            }

            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
            headers.XFrameOptions = "DENY";
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            await next(context);
        });

        app.MapGet("/", () => Results.Content(Assets.Read("index.html").Replace("{{token}}", guard.Token, StringComparison.Ordinal), "text/html; charset=utf-8"));
        app.MapGet("/app.js", () => Results.Content(Assets.Read("app.js"), "text/javascript; charset=utf-8"));
        app.MapGet("/app.css", () => Results.Content(Assets.Read("app.css"), "text/css; charset=utf-8"));
        app.MapGet("/api/stream", (CancellationToken ct) => TypedResults.ServerSentEvents(ListStream(ct)));
        app.MapGet("/api/stream/{ns}/{name}", (string ns, string name, CancellationToken ct) => TypedResults.ServerSentEvents(DetailStream(ns, name, ct)));
        app.MapPost("/api/modeldeployments/{ns}/{name}/actions/{action}", ActionAsync);
    }

    private async IAsyncEnumerable<SseItem<string>> ListStream([EnumeratorCancellation] CancellationToken ct)
    {
        string? last = null;
        while (!ct.IsCancellationRequested)
        {
            var seen = feed.Signal.Version;
            var json = JsonSerializer.Serialize(new ListView(scope, [.. feed.List().Select(ViewMapper.Row)]), Json);
            yield return json == last ? new SseItem<string>("{}", "ping") : new SseItem<string>(json, "list");
            last = json;
            await feed.Signal.WaitAsync(seen, Heartbeat, time, ct);
            await Task.Delay(Coalesce, time, ct);
        }
    }

    private async IAsyncEnumerable<SseItem<string>> DetailStream(string ns, string name, [EnumeratorCancellation] CancellationToken ct)
    {
        var eventsChanged = new ChangeSignal();
        var events = new Informer<Corev1Event>(new EventListWatch(client, ns, name), time: time);
        events.AddHandler((_, _) => eventsChanged.Notify());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = events.RunAsync(stop.Token);
        try
        {
            await events.WaitForSyncAsync(ct);
            string? last = null;
            while (!ct.IsCancellationRequested)
            {
                var (seenObject, seenEvents) = (feed.Signal.Version, eventsChanged.Version);
                var md = InScope(ns) ? feed.Get(ns, name) : null;
                var json = md is null ? "{}" : JsonSerializer.Serialize(ViewMapper.Detail(md, events.List()), Json);
                yield return json == last ? new SseItem<string>("{}", "ping") : new SseItem<string>(json, md is null ? "gone" : "detail");
                last = json;
                using var either = CancellationTokenSource.CreateLinkedTokenSource(ct);
                await Task.WhenAny(feed.Signal.WaitAsync(seenObject, Heartbeat, time, either.Token), eventsChanged.WaitAsync(seenEvents, Heartbeat, time, either.Token));
                await either.CancelAsync();
                await Task.Delay(Coalesce, time, ct);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    private async Task<IResult> ActionAsync(HttpContext context, string ns, string name, string action, CancellationToken ct)
    {
        var request = context.Request;
        if (guard.CheckAction(request.Host.Value, request.Headers.Origin, request.Headers["Sec-Fetch-Site"], request.Headers[RequestGuard.TokenHeader]) is { } refused)
        {
            return Results.Json(new ActionResultView(null, refused), Json, statusCode: StatusCodes.Status403Forbidden);
        }

        if (!ActionCommands.Actions.Contains(action))
        {
            return Results.Json(new ActionResultView(null, $"unknown action '{action}' (one of {string.Join(", ", ActionCommands.Actions)})"), Json, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            return InScope(ns) && await ActionCommands.ApplyAsync(client, ns, name, action, ct)
                ? Results.Json(new ActionResultView(ActionCommands.Requested(name, action), null), Json)
                : Results.Json(new ActionResultView(null, $"modeldeployment \"{name}\" not found in namespace {ns}"), Json, statusCode: StatusCodes.Status404NotFound);
        }
        catch (KubeApiException e)
        {
            var code = e.Reason is StatusReason.Forbidden or StatusReason.Unauthorized ? StatusCodes.Status403Forbidden : StatusCodes.Status502BadGateway;
            return Results.Json(new ActionResultView(null, $"the API server refused the action: {e.Code} {e.Status.Message}"), Json, statusCode: code);
        }
        catch (HttpRequestException e)
        {
            return Results.Json(new ActionResultView(null, $"cannot reach the API server: {e.Message}"), Json, statusCode: StatusCodes.Status502BadGateway);
        }
    }

    private bool InScope(string ns) => scope is null || scope == ns;
}

/// <summary>The list stream's payload.</summary>
/// <param name="Namespace">The namespace shown, or null for every namespace.</param>
/// <param name="Items">The rows, ordered by namespace then name.</param>
internal sealed record ListView(string? Namespace, IReadOnlyList<RowView> Items);
