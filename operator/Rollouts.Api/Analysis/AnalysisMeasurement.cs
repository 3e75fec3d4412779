namespace Rollouts.Api.Analysis;

/// <summary>One measurement of one check, as kept in <c>status.analysis.checks[].measurements</c>.</summary>
public sealed record AnalysisMeasurement
{
    /// <summary>When the query was evaluated (the Prometheus evaluation time, UTC).</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The value, or null when there is none or it is not finite (NaN, ±Inf are named in <see cref="Message"/>).</summary>
    public double? Value { get; init; }

    /// <summary>
    /// What the value is computed over, for the checks that count: comparisons (agreement) or labels (accuracy) within
    /// the window, as Prometheus' <c>increase</c> gives them (so possibly fractional); null for other checks or when unknown.
    /// </summary>
    public double? Count { get; init; }

    /// <summary>The verdict of this measurement.</summary>
    public MeasurementVerdict Verdict { get; init; }

    /// <summary>The resolved PromQL query that was sent (templates substituted), at most 4096 characters.</summary>
    public string Query { get; init; } = "";

    /// <summary>Why: the value against the threshold, e.g. <c>errorRate 0.134 &gt; max 0.01</c>, or the error (at most 512 characters).</summary>
    public string Message { get; init; } = "";
}
