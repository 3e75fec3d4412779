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
}
