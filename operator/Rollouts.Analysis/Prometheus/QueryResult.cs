using System.Globalization;

namespace Rollouts.Analysis.Prometheus;

/// <summary>
/// The answer to one instant query, as data: the client never throws for a failed query.
/// <see cref="Value"/> is meaningful for Number, NaN, PositiveInfinity, NegativeInfinity (and is the first series'
/// value for MultipleSeries); <see cref="Error"/> is set for Error.
/// </summary>
/// <param name="Outcome">What came back.</param>
/// <param name="Value">The value (double.NaN when there is none).</param>
/// <param name="SeriesCount">Series in a vector result (1 for a scalar, 0 for Empty and Error).</param>
/// <param name="Error">Why the query failed: the transport error, HTTP status or Prometheus errorType and error.</param>
public sealed record QueryResult(QueryOutcome Outcome, double Value, int SeriesCount, string? Error)
{
    /// <summary>A single value, classified as Number, NaN, PositiveInfinity or NegativeInfinity.</summary>
    public static QueryResult Single(double value) => new(Classify(value), value, 1, null);

    /// <summary>A vector without series.</summary>
    public static QueryResult Empty { get; } = new(QueryOutcome.Empty, double.NaN, 0, null);

    /// <summary>A vector of <paramref name="count"/> (&gt; 1) series; <paramref name="first"/> is the first one's value.</summary>
    public static QueryResult Multiple(int count, double first) => new(QueryOutcome.MultipleSeries, first, count, null);

    /// <summary>A failed query with a reason.</summary>
    public static QueryResult Failure(string error) => new(QueryOutcome.Error, double.NaN, 0, error);

    /// <summary>Short description for messages: <c>0.134</c>, <c>NaN</c>, <c>+Inf</c>, <c>empty result</c>, <c>3 series</c>, <c>error: …</c>.</summary>
    public override string ToString() => Outcome switch
    {
        QueryOutcome.Empty => "empty result",
        QueryOutcome.MultipleSeries => $"{SeriesCount} series",
        QueryOutcome.Error => $"error: {Error}",
        _ => FormatValue(Value),
    };

    /// <summary>Formats a value the way Prometheus spells it: <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>, else up to 6 significant digits.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("G6", CultureInfo.InvariantCulture),
    };

    private static QueryOutcome Classify(double value) => value switch
    {
        double.PositiveInfinity => QueryOutcome.PositiveInfinity,
        double.NegativeInfinity => QueryOutcome.NegativeInfinity,
        _ when double.IsNaN(value) => QueryOutcome.NaN,
        _ => QueryOutcome.Number,
    };
}
