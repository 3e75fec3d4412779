using System.Globalization;

namespace Rollouts.Demo.Scenarios;

/// <summary>
/// Reads the operator's <c>rollouts_rollback_traffic_seconds</c> histogram (time from the first failing measurement
/// to canary traffic at 0) from its /metrics endpoint: the sum and count over every label set.
/// </summary>
/// <param name="http">HTTP client.</param>
/// <param name="metricsUrl">The operator's /metrics URL.</param>
public sealed class OperatorMetricsReader(HttpClient http, Uri metricsUrl)
{
    /// <summary>The histogram's metric family name.</summary>
    public const string RollbackTraffic = "rollouts_rollback_traffic_seconds";

    /// <summary>Sum and count of the histogram now; (0, 0) when the endpoint or the metric is not there.</summary>
    public async Task<(double Sum, double Count)> ReadAsync(CancellationToken ct)
    {
        try
        {
            return Parse(await http.GetStringAsync(metricsUrl, ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (0, 0);
        }
    }

    /// <summary>Sum and count of <see cref="RollbackTraffic"/> in a text exposition.</summary>
    public static (double Sum, double Count) Parse(string exposition)
    {
        double sum = 0, count = 0;
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(RollbackTraffic + "_sum", StringComparison.Ordinal))
            {
                sum += Value(line);
            }
            else if (line.StartsWith(RollbackTraffic + "_count", StringComparison.Ordinal))
            {
                count += Value(line);
            }
        }

        return (sum, count);
    }

    private static double Value(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && double.TryParse(parts[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }
}
