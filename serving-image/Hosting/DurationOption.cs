using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// Duration options: a number and a unit, <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c> (<c>250ms</c>, <c>30s</c>, <c>1.5m</c>,
/// <c>2h</c>), read with the rules of <see cref="ServingOptionsReader"/>.
/// </summary>
public static partial class DurationOption
{
    /// <summary>
    /// The value of <paramref name="key"/>, or <paramref name="fallback"/> when unset; a malformed or out-of-range value adds
    /// a message naming the switch, the variable, what is expected and what came, and yields the fallback.
    /// </summary>
    public static TimeSpan Read(IConfiguration configuration, string key, TimeSpan fallback, TimeSpan min, TimeSpan max, List<string> problems)
    {
        var text = ServingOptionsReader.Text(configuration, key);
        if (text is null)
        {
            return fallback;
        }

        if (Parse(text) is { } value && value >= min && value <= max)
        {
            return value;
        }

        problems.Add($"--{key} ({ServingOptionsReader.EnvironmentVariableFor(key)}): expected a duration from {Format(min)} to {Format(max)} " +
            $"such as 500ms, 30s, 5m or 1h, got '{text}'");
        return fallback;
    }

    /// <summary>The duration written as a number and a unit, or null when malformed.</summary>
    public static TimeSpan? Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var milliseconds = match.Groups[2].Value switch
        {
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            _ => number * 3_600_000,
        };
        return milliseconds <= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.FromMilliseconds(milliseconds) : null;
    }

    private static string Format(TimeSpan value) =>
        value.TotalHours >= 1 && value.TotalHours % 1 == 0 ? $"{value.TotalHours:0}h"
        : value.TotalSeconds >= 1 && value.TotalSeconds % 1 == 0 ? $"{value.TotalSeconds:0}s"
        : $"{value.TotalMilliseconds:0}ms";

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$")]
    private static partial Regex Pattern();
}
