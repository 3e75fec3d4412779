namespace Rollouts.Analysis.Prometheus;

/// <summary>What an instant query returned, each case named so that none is mistaken for another.</summary>
public enum QueryOutcome
{
    /// <summary>One finite number: a scalar or a vector of exactly one series.</summary>
    Number,

    /// <summary>One value that is NaN (e.g. 0/0: a rate over a window without requests).</summary>
    NaN,

    /// <summary>One value that is +Inf (e.g. histogram_quantile beyond the last finite bucket).</summary>
    PositiveInfinity,

    /// <summary>One value that is -Inf.</summary>
    NegativeInfinity,

    /// <summary>A vector with no series: nothing matched (no such metric, no traffic, wrong labels).</summary>
    Empty,

    /// <summary>A vector with more than one series where a check needs one value.</summary>
    MultipleSeries,

    /// <summary>No answer: unreachable, timed out, circuit open, HTTP or Prometheus error, unparseable response.</summary>
    Error,
}
