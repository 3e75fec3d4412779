using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;
using Rollouts.Testing;

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

    /// <summary>
    /// Waits until <paramref name="server"/> has scraped each of the <paramref name="seriesCount"/> series of
    /// <paramref name="metric"/> in <paramref name="ns"/> at 0 at least twice, applies the increments, and waits until
    /// it has scraped their sum: afterwards <c>increase</c> over a window reaching back before the increments sees them.
    /// </summary>
    public static async Task IncrementScrapedAsync(PrometheusServer server, string ns, string metric, int seriesCount,
        IEnumerable<(Counter.Child Series, double By)> increments, TimeSpan patience)
    {
        var all = $"{metric}{{namespace=\"{ns}\"}}";
        await server.WaitForAsync($"count({all})", v => v == seriesCount, patience);
        await server.WaitForAsync($"count_over_time({all}[1m])", v => v >= 2, patience);
        var total = 0.0;
        foreach (var (series, by) in increments)
        {
            series.Inc(by);
            total += by;
        }

        await server.WaitForAsync($"sum({all})", v => v == total, patience);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
