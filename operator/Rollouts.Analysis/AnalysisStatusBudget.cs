using System.Text;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis;

/// <summary>
/// Keeps <c>status.analysis.checks</c> within <see cref="MaxBytes"/> of JSON, so that a ModelDeployment's status stays
/// below 256 KiB for every spec the CRD admits (up to 6 built-in checks and 32 custom metrics, 4,096-character queries,
/// <c>historyLimit: 50</c>) — far from etcd's 1.5 MiB object limit and the API server's 3 MiB request limit. Each check
/// keeps its most recent measurements; when all of them together would exceed the budget, every check keeps the same
/// number <c>h</c> of its newest measurements, the largest <c>h ≥ 1</c> that fits; when even one each does not fit
/// (queries of 4,096 characters that JSON must escape: <c>"</c> is written <c>\u0022</c>), the kept measurements'
/// queries are shortened alike until they fit. Counters are never trimmed: they cover the whole run.
/// </summary>
public static class AnalysisStatusBudget
{
    /// <summary>Budget for the checks' JSON (bytes): 192 KiB, leaving 64 KiB for conditions, history and messages.</summary>
    public const int MaxBytes = 192 * 1024;

    /// <summary>Estimated JSON of a check without its measurements (name, counters, keys), bytes.</summary>
    private const int CheckOverhead = 160;

    /// <summary>Estimated JSON of a measurement besides its query and message (time, value, count, verdict, keys), bytes.</summary>
    private const int MeasurementOverhead = 128;

    /// <summary>
    /// <paramref name="checks"/> with each check's measurements cut to its newest <c>h</c> where needed (see the type).
    /// Sizes are upper bounds of what KubernetesJson writes (System.Text.Json's default encoder: printable ASCII as is,
    /// except <c>" &amp; ' + &lt; &gt; `</c> and every control or non-ASCII character, written as a 6-byte
    /// <c>\uXXXX</c>; a backslash as 2 bytes), plus a fixed overhead for the other fields.
    /// </summary>
    public static IReadOnlyList<AnalysisCheckStatus> Fit(IReadOnlyList<AnalysisCheckStatus> checks, int maxBytes = MaxBytes)
    {
        var sizes = Sizes(checks);
        var longest = sizes.Select(s => s.Length).DefaultIfEmpty(0).Max();
        var keep = longest;
        while (keep > 1 && Total(sizes, keep) > maxBytes)
        {
            keep--;
        }

        if (keep == longest && Total(sizes, keep) <= maxBytes)
        {
            return checks;
        }

        var kept = checks.Select(c => c.Measurements is { } m && m.Count > keep ? c with { Measurements = [.. m.Skip(m.Count - keep)] } : c).ToList();
        return Total(sizes, keep) <= maxBytes ? kept : ShortenQueries(kept, maxBytes);
    }

    private static List<AnalysisCheckStatus> ShortenQueries(List<AnalysisCheckStatus> checks, int maxBytes)
    {
        // One measurement per check is kept here; find the longest query prefix (in characters) that fits for all.
        int lo = 0, hi = checks.SelectMany(c => c.Measurements ?? []).Select(m => m.Query.Length).DefaultIfEmpty(0).Max();
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Total(Sizes(Cut(checks, mid)), 1) <= maxBytes)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return Cut(checks, lo);
    }

    private static List<AnalysisCheckStatus> Cut(List<AnalysisCheckStatus> checks, int maxQuery) =>
        [.. checks.Select(c => c with { Measurements = [.. (c.Measurements ?? []).Select(m => m.Query.Length <= maxQuery ? m : m with { Query = Text.Truncate(m.Query, Math.Max(maxQuery, 3)) })] })];

    private static int[][] Sizes(IEnumerable<AnalysisCheckStatus> checks) => [.. checks.Select(c => (c.Measurements ?? []).Select(Size).ToArray())];

    private static long Total(int[][] sizes, int keep) =>
        sizes.Sum(s => CheckOverhead + s.Skip(Math.Max(0, s.Length - keep)).Sum(x => (long)x));

    private static int Size(AnalysisMeasurement m) => MeasurementOverhead + JsonString(m.Query) + JsonString(m.Message);

    private static int JsonString(string? s)
    {
        var bytes = 0;
        foreach (var ch in s ?? "")
        {
            bytes += ch switch
            {
                '\\' => 2,
                '"' or '&' or '\'' or '+' or '<' or '>' or '`' => 6,
                >= ' ' and <= '~' => 1,
                _ => 6,
            };
        }

        return bytes;
    }
}
