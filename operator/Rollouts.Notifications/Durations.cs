using System.Globalization;
using System.Text;

namespace Rollouts.Notifications;

/// <summary>
/// Durations as the operator's flags write them, the same grammar as the API's durations: one or more
/// <c>&lt;integer&gt;&lt;unit&gt;</c> parts with units <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>
/// (<c>500ms</c>, <c>10s</c>, <c>1m30s</c>, <c>2h</c>).
/// </summary>
public static class Durations
{
    /// <summary>Parses <paramref name="text"/> into the sum of its parts; false (and zero) for anything else: empty, a bare number, a sign, a fraction, another unit, an overflow.</summary>
    /// <param name="text">The flag's value.</param>
    /// <param name="value">The duration, or zero when parsing fails.</param>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        long totalMs = 0;
        var i = 0;
        while (i < text.Length)
        {
            long number = 0;
            var digits = 0;
            for (; i < text.Length && char.IsAsciiDigit(text[i]); i++, digits++)
            {
                if (number > (long.MaxValue - 9) / 10)
                {
                    return false;
                }

                number = (number * 10) + (text[i] - '0');
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetterLower(text[i]))
            {
                i++;
            }

            long unitMs = text.AsSpan(unitStart, i - unitStart) switch
            {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => 0,
            };
            if (digits == 0 || unitMs == 0 || number > (long)TimeSpan.MaxValue.TotalMilliseconds / unitMs)
            {
                return false;
            }

            totalMs += number * unitMs;
            if (totalMs > (long)TimeSpan.MaxValue.TotalMilliseconds)
            {
                return false;
            }
        }

        value = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>Writes <paramref name="value"/> largest units first, whole milliseconds: <c>1h2m5s500ms</c>, <c>10s</c>, <c>0s</c> for zero or less.</summary>
    /// <param name="value">A duration.</param>
    public static string Format(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        if (ms <= 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        foreach (var (unitMs, suffix) in new[] { (3_600_000L, "h"), (60_000L, "m"), (1_000L, "s"), (1L, "ms") })
        {
            if (ms >= unitMs)
            {
                sb.Append((ms / unitMs).ToString(CultureInfo.InvariantCulture)).Append(suffix);
                ms %= unitMs;
            }
        }

        return sb.ToString();
    }
}
