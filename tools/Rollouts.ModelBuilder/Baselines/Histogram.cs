namespace Rollouts.ModelBuilder.Baselines;

/// <summary>
/// Equal-width binning as numpy.histogram_bin_edges(values, bins=k) (the rule Evidently uses for drift):
/// k+1 edges from min to max (max − 0.5 … max + 0.5 when all values are equal); bin i is [edges[i], edges[i+1]),
/// the last bin is closed, values below the first edge count in bin 0 and above the last in bin k−1.
/// </summary>
public static class Histogram
{
    /// <summary>The k+1 ascending edges: edges[i] = min + i·(max−min)/k, and edges[k] = max exactly (as numpy.linspace).</summary>
    /// <exception cref="ArgumentException">No values, a non-finite value, or k &lt; 1.</exception>
    public static double[] EqualWidthEdges(IReadOnlyList<double> values, int bins)
    {
        if (values.Count == 0 || bins < 1 || values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Need at least one finite value and at least one bin.", nameof(values));
        }

        double min = values.Min();
        double max = values.Max();
        if (min == max)
        {
            (min, max) = (min - 0.5, max + 0.5);
        }

        double step = (max - min) / bins;
        double[] edges = Enumerable.Range(0, bins + 1).Select(i => min + (i * step)).ToArray();
        edges[bins] = max;
        return edges;
    }

    /// <summary>Index of the bin a value falls in under the rules above.</summary>
    public static int BinOf(double value, IReadOnlyList<double> edges)
    {
        int bins = edges.Count - 1;
        int bin = 0;
        while (bin < bins - 1 && value >= edges[bin + 1])
        {
            bin++;
        }

        return bin;
    }

    /// <summary>Fraction of values in each bin; sums to 1.</summary>
    public static double[] Proportions(IReadOnlyList<double> values, IReadOnlyList<double> edges)
    {
        var counts = new double[edges.Count - 1];
        foreach (double v in values)
        {
            counts[BinOf(v, edges)]++;
        }

        return counts.Select(c => c / values.Count).ToArray();
    }
}
