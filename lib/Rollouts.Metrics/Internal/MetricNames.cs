namespace Rollouts.Metrics.Internal;

/// <summary>Name rules of the Prometheus data model (https://prometheus.io/docs/concepts/data_model/).</summary>
internal static class MetricNames
{
    /// <summary>Metric names match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(string name)
    {
        if (string.IsNullOrEmpty(name) || !(IsLetter(name[0]) || name[0] is '_' or ':'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(IsLetter(c) || IsDigit(c) || c is '_' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Label names match <c>[a-zA-Z_][a-zA-Z0-9_]*</c> and do not start with <c>__</c> (reserved).</summary>
    public static bool IsValidLabelName(string name)
    {
        if (string.IsNullOrEmpty(name) || !(IsLetter(name[0]) || name[0] == '_') || name.StartsWith("__", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(IsLetter(c) || IsDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid metric name.</summary>
    public static void ValidateMetricName(string name)
    {
        if (!IsValidMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid metric name: it must match [a-zA-Z_:][a-zA-Z0-9_:]*", nameof(name));
        }
    }

    /// <summary>Throws unless every label name is valid, distinct and not in <paramref name="reserved"/>.</summary>
    public static string[] ValidateLabelNames(string metric, string[] labelNames, params string[] reserved)
    {
        ArgumentNullException.ThrowIfNull(labelNames);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in labelNames)
        {
            if (!IsValidLabelName(label))
            {
                throw new ArgumentException(
                    $"metric '{metric}': '{label}' is not a valid label name: it must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __",
                    nameof(labelNames));
            }

            if (Array.IndexOf(reserved, label) >= 0)
            {
                throw new ArgumentException($"metric '{metric}': label name '{label}' is reserved for this metric type", nameof(labelNames));
            }

            if (!seen.Add(label))
            {
                throw new ArgumentException($"metric '{metric}': label name '{label}' appears twice", nameof(labelNames));
            }
        }

        return (string[])labelNames.Clone();
    }

    private static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static bool IsDigit(char c) => c is >= '0' and <= '9';
}
