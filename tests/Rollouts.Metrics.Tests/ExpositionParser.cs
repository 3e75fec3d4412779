using System.Globalization;
using System.Text;

namespace Rollouts.Metrics.Tests;

/// <summary>One parsed sample line.</summary>
internal sealed record ParsedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels[name];
}

/// <summary>One parsed family: HELP (unescaped), TYPE and its samples in order.</summary>
internal sealed record ParsedFamily(string Name, string? Help, string Type, List<ParsedSample> Samples);

/// <summary>
/// A deliberately strict parser of the text exposition format 0.0.4: every line must be a HELP, TYPE or sample line
/// ending in <c>\n</c>; names and label names must be valid; only the allowed escapes may appear; values must be Go
/// floats or NaN/±Inf; a family's TYPE comes before its samples and its samples are contiguous; no series repeats;
/// histograms have ascending <c>le</c>, cumulative counts, a <c>+Inf</c> bucket equal to <c>_count</c>, and a <c>_sum</c>.
/// Any violation throws <see cref="FormatException"/> naming the line.
/// </summary>
internal static class ExpositionParser
{
    public static List<ParsedFamily> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("exposition does not end with a line feed");
        }

        var families = new List<ParsedFamily>();
        var byName = new Dictionary<string, ParsedFamily>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        ParsedFamily? current = null;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            var where = $"line {n + 1} '{line}'";
            if (line.Contains('\r'))
            {
                throw new FormatException($"{where}: carriage return");
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ');
                var name = space < 0 ? rest : rest[..space];
                RequireMetricName(name, where);
                if (!helps.TryAdd(name, UnescapeHelp(space < 0 ? string.Empty : rest[(space + 1)..], where)))
                {
                    throw new FormatException($"{where}: second HELP for {name}");
                }

                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                if (parts.Length != 2 || parts[1] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                {
                    throw new FormatException($"{where}: malformed TYPE");
                }

                RequireMetricName(parts[0], where);
                if (byName.ContainsKey(parts[0]))
                {
                    throw new FormatException($"{where}: second TYPE for {parts[0]}");
                }

                current = new ParsedFamily(parts[0], helps.GetValueOrDefault(parts[0]), parts[1], []);
                families.Add(current);
                byName.Add(parts[0], current);
                continue;
            }

            if (line.StartsWith('#') || line.Length == 0)
            {
                throw new FormatException($"{where}: unexpected comment or blank line");
            }

            var sample = ParseSample(line, where);
            if (current is null || !BelongsTo(sample.Name, current))
            {
                throw new FormatException($"{where}: sample outside its family's TYPE block");
            }

            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!series.Add(key))
            {
                throw new FormatException($"{where}: duplicate series {key}");
            }

            current.Samples.Add(sample);
        }

        foreach (var family in families.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(family);
        }

        return families;
    }

    private static bool BelongsTo(string sampleName, ParsedFamily family) =>
        family.Type == "histogram"
            ? sampleName == family.Name + "_bucket" || sampleName == family.Name + "_sum" || sampleName == family.Name + "_count"
            : sampleName == family.Name;

    private static ParsedSample ParseSample(string line, string where)
    {
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }

        var name = line[..i];
        RequireMetricName(name, where);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                var start = i;
                while (i < line.Length && line[i] != '=')
                {
                    i++;
                }

                var label = line[start..i];
                if (!IsLabelName(label))
                {
                    throw new FormatException($"{where}: bad label name '{label}'");
                }

                if (i + 1 >= line.Length || line[i + 1] != '"')
                {
                    throw new FormatException($"{where}: label value not quoted");
                }

                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"{where}: unterminated label value");
                    }

                    var c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        var e = i < line.Length ? line[i++] : throw new FormatException($"{where}: dangling backslash");
                        value.Append(e switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"{where}: invalid escape \\{e} in label value"),
                        });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"{where}: label {label} twice");
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                    if (i < line.Length && line[i] == '}')
                    {
                        i++;
                        break;
                    }

                    continue;
                }

                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }

                throw new FormatException($"{where}: expected , or }} after a label");
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"{where}: expected a space before the value");
        }

        var fields = line[(i + 1)..].Split(' ');
        if (fields.Length is < 1 or > 2 || (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"{where}: expected 'value [timestamp]'");
        }

        return new ParsedSample(name, labels, ParseValue(fields[0], where));
    }

    public static double ParseValue(string text, string where) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ when text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException($"{where}: '{text}' is not a Prometheus float"),
    };

    private static void CheckHistogram(ParsedFamily family)
    {
        foreach (var group in family.Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))))
        {
            var buckets = group.Where(s => s.Name == family.Name + "_bucket").ToList();
            var sums = group.Where(s => s.Name == family.Name + "_sum").ToList();
            var counts = group.Where(s => s.Name == family.Name + "_count").ToList();
            if (buckets.Count == 0 || sums.Count != 1 || counts.Count != 1)
            {
                throw new FormatException($"histogram {family.Name} {{{group.Key}}}: needs buckets, one _sum and one _count");
            }

            var previousBound = double.NegativeInfinity;
            var previousCount = 0d;
            foreach (var bucket in buckets)
            {
                var bound = ParseValue(bucket.Labels.GetValueOrDefault("le") ?? throw new FormatException($"{family.Name}: bucket without le"), "le");
                if (!(bound > previousBound))
                {
                    throw new FormatException($"histogram {family.Name}: le not ascending ({previousBound} then {bound})");
                }

                if (bucket.Value < previousCount)
                {
                    throw new FormatException($"histogram {family.Name}: bucket counts not cumulative at le={bound}");
                }

                previousBound = bound;
                previousCount = bucket.Value;
            }

            if (!double.IsPositiveInfinity(previousBound))
            {
                throw new FormatException($"histogram {family.Name}: last bucket is not le=\"+Inf\"");
            }

            if (counts[0].Value != previousCount)
            {
                throw new FormatException($"histogram {family.Name}: _count {counts[0].Value} differs from the +Inf bucket {previousCount}");
            }
        }
    }

    private static string UnescapeHelp(string text, string where)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                builder.Append(text[i]);
                continue;
            }

            if (++i >= text.Length)
            {
                throw new FormatException($"{where}: dangling backslash in HELP");
            }

            builder.Append(text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                _ => throw new FormatException($"{where}: invalid escape \\{text[i]} in HELP"),
            });
        }

        return builder.ToString();
    }

    private static void RequireMetricName(string name, string where)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
        {
            throw new FormatException($"{where}: bad metric name '{name}'");
        }
    }

    private static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
