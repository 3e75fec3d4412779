using System.Globalization;
using System.Text;

namespace Rollouts.Metrics.Internal;

/// <summary>
/// Spelling rules of the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/): HELP escapes <c>\</c> and line feed; label values
/// escape <c>\</c>, <c>"</c> and line feed; values are Go-parsable floats with <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.
/// </summary>
internal static class TextFormat
{
    /// <summary>A sample value: NaN, +Inf, -Inf, else the shortest string that round-trips (invariant culture, e.g. "0.25", "1E-07").</summary>
    public static string Value(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>HELP text with <c>\</c> → <c>\\</c> and line feed → <c>\n</c>.</summary>
    public static string EscapeHelp(string help)
    {
        if (help.AsSpan().IndexOfAny('\\', '\n') < 0)
        {
            return help;
        }

        var builder = new StringBuilder(help.Length + 8);
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>A label value with <c>\</c> → <c>\\</c>, <c>"</c> → <c>\"</c>, line feed → <c>\n</c>.</summary>
    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '"' => builder.Append("\\\""),
                '\n' => builder.Append(@"\n"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>
    /// Renders label pairs as <c>a="x",b="y"</c> (no braces, no trailing comma); empty for no labels.
    /// </summary>
    public static string LabelPairs(IReadOnlyList<string> names, ReadOnlySpan<string> values)
    {
        if (names.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(names[i]).Append("=\"").Append(EscapeLabelValue(values[i])).Append('"');
        }

        return builder.ToString();
    }
}
