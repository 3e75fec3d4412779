using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Rollouts.Analysis.Tests;

/// <summary>
/// A scrape target that exports counters the test sets, in the Prometheus text format, from a Kestrel server on a free
/// loopback port: it stands in for serving pods whose series (shadow comparisons, feedback) the serving image of this
/// branch does not export yet (seams-14 S2, S3). Series are created at 0 so that the first scrape sees 0 and
/// Prometheus' <c>increase</c> counts every later increment, as a server that initialises its series does.
/// </summary>
public sealed class SeriesExporter : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CollectorRegistry registry = Metrics.NewCustomRegistry();
    private readonly Dictionary<string, Counter> counters = [];

    public SeriesExporter()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        app.StartAsync().GetAwaiter().GetResult();
        HostPort = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Authority;
    }

    /// <summary>Where Prometheus scrapes it, e.g. <c>127.0.0.1:40123</c>.</summary>
    public string HostPort { get; }

    /// <summary>The child of counter <paramref name="name"/> with these labels (created at 0 the first time).</summary>
    public Counter.Child Series(string name, params (string Name, string Value)[] labels)
    {
        lock (counters)
        {
            if (!counters.TryGetValue(name, out var counter))
            {
                counter = Metrics.WithCustomRegistry(registry).CreateCounter(name, "test series", [.. labels.Select(l => l.Name)]);
                counters[name] = counter;
            }

            return counter.WithLabels([.. labels.Select(l => l.Value)]);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
