using System.Text;
using Prometheus;

namespace Rollouts.Testing;

/// <summary>The text exposition of a prometheus-net registry, as a scrape of <c>/metrics</c> would read it.</summary>
public static class MetricsText
{
    /// <summary>Collects <paramref name="registry"/> and returns the text format 0.0.4.</summary>
    public static async Task<string> ExportAsync(CollectorRegistry registry, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(buffer, ct).ConfigureAwait(false);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
