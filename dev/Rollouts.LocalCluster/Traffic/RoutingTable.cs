namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// A snapshot of how one model's traffic is split: weighted backends (Services), each with its ready endpoints.
/// Choosing a backend by weight then an endpoint round-robin-free (uniformly) mirrors a Gateway plus kube-proxy.
/// </summary>
/// <param name="Backends">The backends; empty when nothing routes yet.</param>
/// <param name="Source">Where the split comes from, e.g. <c>HTTPRoute demo/iris</c> or <c>Service demo/iris</c>.</param>
public sealed record RoutingTable(IReadOnlyList<Backend> Backends, string Source)
{
    /// <summary>No route at all.</summary>
    public static RoutingTable Empty { get; } = new([], "none");

    /// <summary>Picks an endpoint: a backend by weight, then one of its endpoints uniformly.</summary>
    /// <param name="random">Source of uniform samples.</param>
    /// <returns>The endpoint, or null when the chosen backend has no ready endpoint (the Gateway would answer 503) or there is no backend.</returns>
    public Endpoint? Pick(Random random)
    {
        var index = WeightedChoice.Pick(Backends.Select(b => b.Weight).ToArray(), random.NextDouble());
        if (index < 0)
        {
            return null;
        }

        var endpoints = Backends[index].Endpoints;
        return endpoints.Count == 0 ? null : endpoints[random.Next(endpoints.Count)];
    }

    /// <summary>The weight share (0–100) of backends whose endpoints all run <paramref name="version"/>, for display.</summary>
    public double PercentTo(string version)
    {
        var total = Backends.Sum(b => (double)Math.Max(0, b.Weight));
        if (total == 0)
        {
            return 0;
        }

        double share = 0;
        foreach (var b in Backends)
        {
            if (b.Endpoints.Count > 0)
            {
                share += (double)Math.Max(0, b.Weight) * b.Endpoints.Count(e => e.Version == version) / b.Endpoints.Count;
            }
        }

        return 100 * share / total;
    }
}
