using System.Globalization;
using System.Text;
using Prometheus;

namespace Rollouts.Notifications.Tests;

/// <summary>Reads samples from a registry's text exposition, as a scraper would see them.</summary>
public static class MetricsText
{
    public static string Export(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value of the sample <paramref name="name"/> with exactly these labels ("k=v" each); null when absent.</summary>
    public static double? Value(CollectorRegistry registry, string name, params string[] labels)
    {
        var want = labels.Select(l => l.Split('=', 2)).Select(p => $"{p[0]}=\"{p[1]}\"").Order(StringComparer.Ordinal).ToArray();
        foreach (var line in Export(registry).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var series = line[..space];
            var brace = series.IndexOf('{');
            var sampleName = brace < 0 ? series : series[..brace];
            if (sampleName != name)
            {
                continue;
            }

            var have = brace < 0 ? [] : series[(brace + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
            if (have.SequenceEqual(want))
            {
                return double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
