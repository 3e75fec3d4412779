namespace Rollouts.Api.Analysis;

/// <summary>Counters and recent measurements of one check of a run (<c>status.analysis.checks[]</c>).</summary>
public sealed record AnalysisCheckStatus
{
    /// <summary>The check: <c>samples</c>, <c>errorRate</c>, <c>latency</c>, <c>drift</c>, <c>agreement</c>, <c>accuracy</c>, or a custom metric's name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Successful measurements of this check over the run.</summary>
    public int Successes { get; init; }

    /// <summary>Failed measurements of this check over the run.</summary>
    public int Failures { get; init; }

    /// <summary>Inconclusive measurements of this check over the run.</summary>
    public int Inconclusives { get; init; }

    /// <summary>Error measurements of this check in a row (reset by any measurement that is not an error).</summary>
    public int ConsecutiveErrors { get; init; }

    /// <summary>The last historyLimit measurements, oldest first.</summary>
    public IReadOnlyList<AnalysisMeasurement> Measurements { get; init; } = [];
}
