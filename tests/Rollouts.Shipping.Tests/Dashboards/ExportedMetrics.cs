using System.Text.RegularExpressions;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Dashboards;

/// <summary>
/// The metric names the project exports, collected by scanning the production code for registrations through a
/// prometheus-net factory (<c>CreateCounter</c>, <c>CreateGauge</c>, <c>CreateHistogram</c>, <c>CreateSummary</c>) or
/// through a name-first helper of ours (<c>Counter("name", …)</c>, <c>Gauge</c>, <c>Histogram</c>, <c>GaugeCallback</c>,
/// <c>CounterCallback</c>), whose name is a string literal or a <c>const string</c> declared anywhere in the scanned
/// code. A histogram exposes <c>_bucket</c>, <c>_sum</c> and <c>_count</c>, a summary <c>_sum</c> and <c>_count</c>.
/// Scanning keeps the list from going stale.
/// </summary>
public static partial class ExportedMetrics
{
    private static readonly string[] Roots = ["operator", "serving-image"];

    /// <summary>Series names a Prometheus scrape of the project's processes can contain.</summary>
    public static IReadOnlySet<string> Names => LazyNames.Value;

    private static readonly Lazy<IReadOnlySet<string>> LazyNames = new(Scan);

    private static IReadOnlySet<string> Scan()
    {
        var files = Roots
            .Select(RepositoryPaths.InRepo)
            .Where(Directory.Exists)
            .SelectMany(r => Directory.EnumerateFiles(r, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Select(f => string.Join('\n', File.ReadLines(f).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal))))
            .ToList();

        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in files)
        {
            foreach (Match m in ConstString().Matches(text))
            {
                constants.TryAdd(m.Groups[1].Value, m.Groups[2].Value);
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in files)
        {
            foreach (Match m in Registration().Matches(text))
            {
                var kind = m.Groups[1].Value;
                var name = m.Groups[2].Success ? m.Groups[2].Value : ResolveConstant(constants, m.Groups[3].Value);
                if (name is null || !MetricName().IsMatch(name))
                {
                    continue;
                }

                if (kind == "Histogram")
                {
                    names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
                }
                else if (kind == "Summary")
                {
                    names.UnionWith([name, name + "_sum", name + "_count"]);
                }
                else
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    private static string? ResolveConstant(Dictionary<string, string> constants, string identifier) =>
        constants.TryGetValue(identifier[(identifier.LastIndexOf('.') + 1)..], out var v) ? v : null;

    [GeneratedRegex(@"\b(?:Create)?(Counter|Gauge|Histogram|Summary|GaugeCallback|CounterCallback)\s*\(\s*(?:""([^""]+)""|([A-Za-z_][A-Za-z0-9_.]*)\s*,)")]
    private static partial Regex Registration();

    [GeneratedRegex(@"const\s+string\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*""([a-zA-Z_:][a-zA-Z0-9_:]*)""")]
    private static partial Regex ConstString();

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();
}
