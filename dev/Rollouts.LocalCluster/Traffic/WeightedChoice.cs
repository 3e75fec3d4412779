namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// Picks an index in proportion to non-negative integer weights, as a Gateway splits requests across weighted
/// backendRefs: with a uniform <c>u</c> in [0, 1), index i is chosen when <c>u·Σw</c> falls in the i-th cumulative
/// interval. A weight of 0 is never chosen.
/// </summary>
public static class WeightedChoice
{
    /// <summary>The chosen index, or -1 when there are no weights or all are 0.</summary>
    /// <param name="weights">Weights (negative values count as 0).</param>
    /// <param name="uniform">A uniform sample in [0, 1).</param>
    public static int Pick(IReadOnlyList<int> weights, double uniform)
    {
        long total = 0;
        foreach (var w in weights)
        {
            total += Math.Max(0, w);
        }

        if (total == 0)
        {
            return -1;
        }

        var target = (long)Math.Floor(Math.Clamp(uniform, 0, 0.9999999999) * total);
        long cumulative = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            cumulative += Math.Max(0, weights[i]);
            if (target < cumulative)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
