using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>
/// A Prometheus stand-in that answers every request with HTTP 422 and a Prometheus error body
/// (<c>{"status":"error","errorType":"execution",…}</c>), as a Prometheus does for a query it cannot execute: a true
/// boundary, a Kestrel server on a free loopback port.
/// </summary>
public sealed class ErroringPrometheus : IAsyncDisposable
{
    /// <summary>The error text every answer carries.</summary>
    public const string Error = "query processing would load too many samples into memory";

    private readonly WebApplication app;
    private int requests;

    public ErroringPrometheus()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.Run(async context =>
        {
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await context.Response.WriteAsJsonAsync(new { status = "error", errorType = "execution", error = Error }, context.RequestAborted);
        });
        app.StartAsync().GetAwaiter().GetResult();
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    public Uri Address { get; }

    /// <summary>Queries answered so far.</summary>
    public int Requests => Volatile.Read(ref requests);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
