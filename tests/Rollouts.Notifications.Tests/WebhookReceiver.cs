using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rollouts.Notifications.Tests;

/// <summary>One POST as the receiver got it.</summary>
public sealed record ReceivedRequest(int Index, string Method, string PathAndQuery, string? ContentType, string? UserAgent, string Body);

/// <summary>
/// A real HTTP receiver: Kestrel on 127.0.0.1 with a port the OS picks. It records every request (headers and
/// body, in arrival order) and answers with <see cref="Respond"/>: by default 200; a test sets status codes,
/// Retry-After, or a handler that never answers.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedRequest> requests = new();
    private readonly CancellationTokenSource hung = new();
    private int count;

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>The base URL, e.g. http://127.0.0.1:40123/.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Answers the request with the given 0-based index; set before posting. Default: 200 "ok".</summary>
    public Func<int, HttpContext, Task> Respond { get; set; } = (_, ctx) => ctx.Response.WriteAsync("ok");

    /// <summary>Requests so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => requests.OrderBy(r => r.Index).ToArray();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    /// <summary>The URL of a path on this receiver.</summary>
    public Uri At(string pathAndQuery) => new(Url, pathAndQuery);

    /// <summary>Answers each request with the next code of <paramref name="codes"/>, then 200.</summary>
    public void AnswerInTurn(params int[] codes) =>
        Respond = (i, ctx) =>
        {
            ctx.Response.StatusCode = i < codes.Length ? codes[i] : 200;
            return ctx.Response.WriteAsync(i < codes.Length ? $"scripted {codes[i]}" : "ok");
        };

    /// <summary>Accepts requests and never answers (until the receiver is disposed or the client gives up).</summary>
    public void NeverAnswer() =>
        Respond = async (_, ctx) =>
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, hung.Token);
            await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        };

    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int atLeast)
    {
        await Eventually.TrueAsync(() => Volatile.Read(ref count) >= atLeast, $"{atLeast} request(s) at {Url} (got {Volatile.Read(ref count)})");
        return Requests;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ctx.RequestAborted);
        var index = Interlocked.Increment(ref count) - 1;
        requests.Enqueue(new ReceivedRequest(index, ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, ctx.Request.ContentType,
            ctx.Request.Headers.UserAgent.ToString(), body));
        await Respond(index, ctx);
    }

    public async ValueTask DisposeAsync()
    {
        await hung.CancelAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(limit.Token);
        await app.DisposeAsync();
        hung.Dispose();
    }
}
