using System.Text.RegularExpressions;

namespace Rollouts.Shipping.Tests.Dashboards;

/// <summary>
/// The metric names a PromQL expression selects: string literals, label matchers <c>{...}</c>, ranges <c>[...]</c>,
/// <c>by/without/on/ignoring (...)</c> groupings and Grafana variables are removed; what remains as an identifier not
/// followed by <c>(</c> and not a PromQL keyword is a metric name. <c>label_values(metric, label)</c> (Grafana) yields its metric.
/// </summary>
public static partial class PromQlNames
{
    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "le"];

    /// <summary>Metric names in <paramref name="expr"/>.</summary>
    public static IReadOnlySet<string> Of(string expr)
    {
        var labelValues = LabelValues().Match(expr);
        if (labelValues.Success)
        {
            return Of(labelValues.Groups[1].Value);
        }

        var s = StringLiteral().Replace(expr, " ");
        s = Matchers().Replace(s, " ");
        s = Range().Replace(s, " ");
        s = Grouping().Replace(s, " ");
        s = GrafanaVariable().Replace(s, " ");
        return Identifier().Matches(s)
            .Where(m => !Keywords.Contains(m.Groups[1].Value.ToLowerInvariant()) && !m.Groups[2].Success)
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The expression with Grafana's variables replaced by values Prometheus accepts (for promtool).</summary>
    public static string ForPromtool(string expr) =>
        expr.Replace("$__rate_interval", "1m", StringComparison.Ordinal)
            .Replace("$__range", "1h", StringComparison.Ordinal)
            .Replace("$__interval", "1m", StringComparison.Ordinal)
            .Replace("\"$namespace\"", "\".*\"", StringComparison.Ordinal)
            .Replace("\"$model\"", "\".*\"", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*label_values\(\s*([^,]+?)\s*,\s*[A-Za-z_]+\s*\)\s*$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex(@"(?<![A-Za-z0-9_.:])([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?")]
    private static partial Regex Identifier();
}
