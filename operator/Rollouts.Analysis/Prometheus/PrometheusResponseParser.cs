using System.Globalization;
using System.Text.Json;

namespace Rollouts.Analysis.Prometheus;

/// <summary>
/// Reads the JSON body of <c>/api/v1/query</c>
/// (<c>{"status":"success","data":{"resultType":"vector"|"scalar",...}}</c> or
/// <c>{"status":"error","errorType":...,"error":...}</c>) into a <see cref="QueryResult"/>. Sample values are strings:
/// numbers, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>. Matrix, string and native-histogram results are reported as errors.
/// </summary>
public static class PrometheusResponseParser
{
    /// <summary>Parses <paramref name="body"/>; never throws (a malformed body is an Error result).</summary>
    public static QueryResult Parse(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return ParseRoot(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return QueryResult.Failure($"unreadable Prometheus response: {e.Message}");
        }
    }

    /// <summary>Parses a sample value string: a number, <c>NaN</c>, <c>+Inf</c> or <c>-Inf</c>.</summary>
    /// <exception cref="FormatException">Not a Prometheus sample value.</exception>
    public static double ParseSampleValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static QueryResult ParseRoot(JsonElement root)
    {
        var status = root.GetProperty("status").GetString();
        if (status != "success")
        {
            var type = root.TryGetProperty("errorType", out var t) ? t.GetString() : "unknown";
            var error = root.TryGetProperty("error", out var e) ? e.GetString() : "no error message";
            return QueryResult.Failure($"Prometheus {type}: {error}");
        }

        var data = root.GetProperty("data");
        var resultType = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        return resultType switch
        {
            "scalar" => QueryResult.Single(SampleValue(result)),
            "vector" => ParseVector(result),
            _ => QueryResult.Failure($"unsupported result type '{resultType}' (a check needs a scalar or an instant vector)"),
        };
    }

    private static QueryResult ParseVector(JsonElement result)
    {
        var count = result.GetArrayLength();
        if (count == 0)
        {
            return QueryResult.Empty;
        }

        var first = result[0];
        if (!first.TryGetProperty("value", out var sample))
        {
            return QueryResult.Failure("vector sample without a float value (native histograms are not supported)");
        }

        var value = SampleValue(sample);
        return count == 1 ? QueryResult.Single(value) : QueryResult.Multiple(count, value);
    }

    private static double SampleValue(JsonElement pair) =>
        ParseSampleValue(pair[1].GetString() ?? throw new FormatException("sample value is not a string"));
}
