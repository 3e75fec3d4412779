using System.Text.Json.Serialization;

namespace Rollouts.Api.Analysis;

/// <summary>Verdict of one measurement of one check (or of one round: the worst of its checks).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MeasurementVerdict>))]
public enum MeasurementVerdict
{
    /// <summary>The value is within the threshold.</summary>
    Successful,

    /// <summary>The value crossed the threshold (including +Inf / -Inf against a max / min).</summary>
    Failed,

    /// <summary>
    /// No verdict possible from the data: empty result, NaN, several series where one was needed, or fewer requests
    /// than minSamples (a canary without traffic is Inconclusive, never Failed).
    /// </summary>
    Inconclusive,

    /// <summary>The query could not be answered: Prometheus unreachable, timed out, an HTTP error or a bad response.</summary>
    Error,
}
