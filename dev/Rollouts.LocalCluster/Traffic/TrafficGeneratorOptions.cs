namespace Rollouts.LocalCluster.Traffic;

/// <summary>Settings of a <see cref="TrafficGenerator"/>.</summary>
public sealed record TrafficGeneratorOptions
{
    /// <summary>Model name in the infer path.</summary>
    public string ModelName { get; init; } = "iris";

    /// <summary>Steady request rate (requests per second).</summary>
    public double RequestsPerSecond { get; init; } = 50;

    /// <summary>Most requests in flight; beyond it, due requests are dropped.</summary>
    public int MaxInFlight { get; init; } = 64;

    /// <summary>Timeout of one request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the routing is re-read.</summary>
    public TimeSpan RoutingRefresh { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Seed of the row and endpoint choice.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Name of the cohort header (e.g. <c>x-user-group</c>) sent on <see cref="CohortShare"/> of requests; null = none.</summary>
    public string? CohortHeader { get; init; }

    /// <summary>Value of the cohort header (e.g. <c>beta</c>).</summary>
    public string CohortValue { get; init; } = "";

    /// <summary>Share (0–1) of requests sent with the cohort header.</summary>
    public double CohortShare { get; init; }

    /// <summary>
    /// Share (0–1) of answered requests whose row's true label is posted as feedback
    /// (<c>POST /v2/models/{model}/feedback</c> with the answer's <c>parameters.prediction_id</c>); 0 = none.
    /// </summary>
    public double FeedbackShare { get; init; }

    /// <summary>How long after the answer the feedback is posted (labels arrive late in real systems).</summary>
    public TimeSpan FeedbackDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most feedback posts waiting or in flight; beyond it, feedback is dropped (and counted <c>dropped</c>).</summary>
    public int MaxPendingFeedback { get; init; } = 4096;
}
