using System.Globalization;

namespace Rollouts.BenchOperator;

/// <summary>One sample of the Prometheus text format: metric name, labels, value.</summary>
/// <param name="Name">Metric name, e.g. <c>apiserver_request_total</c>.</param>
/// <param name="Labels">Label names to (unescaped) values.</param>
/// <param name="Value">The sample value.</param>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// Reads the samples of one metric from a Prometheus text-format (0.0.4) page: lines <c>name{a="x",b="y"} value
/// [timestamp]</c>; comments, other metrics and lines that do not parse are skipped.
/// </summary>
public static class PrometheusText
{
    /// <summary>The samples of <paramref name="metric"/> in <paramref name="page"/>.</summary>
    public static IReadOnlyList<PrometheusSample> Samples(string page, string metric)
    {
        var result = new List<PrometheusSample>();
        foreach (var raw in page.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length ||
                line[metric.Length] is not ('{' or ' '))
            {
                continue;
            }

            var labels = new Dictionary<string, string>();
            var i = metric.Length;
            if (line[i] == '{' && !ReadLabels(line, ref i, labels))
            {
                continue;
            }

            var value = line[i..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                result.Add(new PrometheusSample(metric, labels, v));
            }
        }

        return result;
    }

    // i at '{'; on success i is just past '}'.
    private static bool ReadLabels(string line, ref int i, Dictionary<string, string> labels)
    {
        i++;
        while (i < line.Length && line[i] != '}')
        {
            var eq = line.IndexOf('=', i);
            if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"')
            {
                return false;
            }

            var name = line[i..eq].Trim(' ', ',');
            var value = new System.Text.StringBuilder();
            var j = eq + 2;
            for (; j < line.Length && line[j] != '"'; j++)
            {
                if (line[j] == '\\' && j + 1 < line.Length)
                {
                    j++;
                    value.Append(line[j] == 'n' ? '\n' : line[j]);
                }
                else
                {
                    value.Append(line[j]);
                }
            }

            if (j >= line.Length)
            {
                return false;
            }

            labels[name] = value.ToString();
            i = j + 1;
            while (i < line.Length && line[i] is ',' or ' ')
            {
                i++;
            }
        }

        if (i >= line.Length)
        {
            return false;
        }

        i++;
        return true;
    }
}
