using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Rollouts.Api;

/// <summary>
/// Durations as the API spells them: one or more <c>&lt;integer&gt;&lt;unit&gt;</c> pairs with units
/// <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c> (<c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h30m</c>), the subset of Go's
/// <c>time.ParseDuration</c> that Kubernetes users write. The CRD schema checks the same <see cref="Pattern"/>.
/// </summary>
public static partial class Duration
{
    /// <summary>The regular expression (also the CRD's <c>pattern</c>) a duration string must match.</summary>
    public const string Pattern = "^([0-9]+(ms|s|m|h))+$";

    [GeneratedRegex("([0-9]+)(ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    /// <summary>Parses <paramref name="text"/>; false (and <see cref="TimeSpan.Zero"/>) when it is null, empty, malformed or overflows.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 64 || !Whole().IsMatch(text))
        {
            return false;
        }

        long totalMs = 0;
        foreach (Match m in Part().Matches(text))
        {
            if (!long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            long unit = m.Groups[2].Value switch { "ms" => 1, "s" => 1000, "m" => 60_000, _ => 3_600_000 };
            try
            {
                totalMs = checked(totalMs + checked(n * unit));
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        if (totalMs > (long)TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text is not a duration (message names the text and the expected form).</exception>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a duration (expected e.g. 30s, 2m, 1h30m, 500ms)");

    /// <summary>Formats a non-negative span in the API's form, largest units first (<c>1h30m</c>, <c>45s</c>, <c>0s</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        long ms = (long)value.TotalMilliseconds;
        void Add(long unitMs, string suffix)
        {
            if (ms >= unitMs)
            {
                sb.Append((ms / unitMs).ToString(CultureInfo.InvariantCulture)).Append(suffix);
                ms %= unitMs;
            }
        }

        Add(3_600_000, "h");
        Add(60_000, "m");
        Add(1000, "s");
        Add(1, "ms");
        return sb.ToString();
    }
}
