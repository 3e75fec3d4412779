namespace Rollouts.Metrics;

/// <summary>Bucket upper-bound helpers for <see cref="MetricRegistry.Histogram"/> (the +Inf bucket is always added).</summary>
public static class Buckets
{
    /// <summary>
    /// Prometheus' default latency buckets in seconds: 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    /// (client_golang's DefBuckets). A new array each call.
    /// </summary>
    public static double[] DefaultSeconds => [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary><paramref name="count"/> bounds <c>start, start·factor, start·factor², …</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> ≤ 0, <paramref name="factor"/> ≤ 1 or <paramref name="count"/> &lt; 1.</exception>
    public static double[] Exponential(double start, double factor, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(start);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(factor, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var bounds = new double[count];
        for (var i = 0; i < count; i++)
        {
            bounds[i] = start * Math.Pow(factor, i);
        }

        return bounds;
    }

    /// <summary><paramref name="count"/> bounds <c>start, start+width, start+2·width, …</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> ≤ 0 or <paramref name="count"/> &lt; 1.</exception>
    public static double[] Linear(double start, double width, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var bounds = new double[count];
        for (var i = 0; i < count; i++)
        {
            bounds[i] = start + (i * width);
        }

        return bounds;
    }
}
