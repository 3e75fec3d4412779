namespace Rollouts.Serving.Drift;

/// <summary>
/// Bin lookup as numpy.histogram / Evidently: bin i is [edges[i], edges[i+1]), the last bin is closed; values below
/// edges[0] fall in bin 0 and above edges[k] in bin k-1. NaN falls in bin 0.
/// </summary>
public static class BinIndex
{
    /// <summary>The bin (0 … edges.Length-2) of <paramref name="value"/>.</summary>
    public static int Of(double value, double[] edges)
    {
        var last = edges.Length - 2;
        if (!(value >= edges[1]))
        {
            return 0;
        }

        if (value >= edges[last])
        {
            return last;
        }

        // First edge greater than value, minus one: edges[i] <= value < edges[i+1].
        int lo = 1, hi = last;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (edges[mid + 1] > value)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
