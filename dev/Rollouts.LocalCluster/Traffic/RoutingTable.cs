namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// A snapshot of how one model's traffic is split: weighted backends (Services), each with its ready endpoints.
/// Choosing a backend by weight then an endpoint round-robin-free (uniformly) mirrors a Gateway plus kube-proxy.
/// </summary>
/// <param name="Backends">The backends; empty when nothing routes yet.</param>
/// <param name="Source">Where the split comes from, e.g. <c>HTTPRoute demo/iris</c> or <c>Service demo/iris</c>.</param>
/// <param name="HeaderRules">HTTPRoute rules with header matches, tried in order before the weighted split (none by default).</param>
public sealed record RoutingTable(IReadOnlyList<Backend> Backends, string Source, IReadOnlyList<HeaderRule>? HeaderRules = null)
{
    /// <summary>No route at all.</summary>
    public static RoutingTable Empty { get; } = new([], "none");

    /// <summary>
    /// Picks an endpoint: the backends of the first header rule that <paramref name="headers"/> match (else the
    /// weighted split), a backend by weight, then one of its endpoints uniformly.
    /// </summary>
    /// <param name="random">Source of uniform samples.</param>
    /// <param name="headers">The request's headers (name → value), or null for none.</param>
    /// <returns>The endpoint, or null when the chosen backend has no ready endpoint (the Gateway would answer 503) or there is no backend.</returns>
    public Endpoint? Pick(Random random, IReadOnlyDictionary<string, string>? headers = null)
    {
        var backends = headers is null ? Backends : HeaderRules?.FirstOrDefault(r => r.IsMatch(headers))?.Backends ?? Backends;
        var index = WeightedChoice.Pick(backends.Select(b => b.Weight).ToArray(), random.NextDouble());
        if (index < 0)
        {
            return null;
        }

        var endpoints = backends[index].Endpoints;
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
