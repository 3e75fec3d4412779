namespace Rollouts.Analysis;

/// <summary>The kinds of check an analysis runs.</summary>
public enum CheckKind
{
    /// <summary>Request count in the window against minSamples; gates every other check.</summary>
    Samples,

    /// <summary>Share of 5xx answers.</summary>
    ErrorRate,

    /// <summary>Request-duration quantile in milliseconds.</summary>
    Latency,

    /// <summary>Highest PSI of features and predictions.</summary>
    Drift,

    /// <summary>Share of shadow comparisons that agreed, over at least minComparisons.</summary>
    Agreement,

    /// <summary>Share of labelled predictions that were correct, over at least minLabels (optionally against the stable's).</summary>
    Accuracy,

    /// <summary>A custom query from spec.analysis.metrics.</summary>
    Custom,
}
