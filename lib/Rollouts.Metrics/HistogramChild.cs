using Rollouts.Metrics.Internal;

namespace Rollouts.Metrics;

/// <summary>
/// One histogram series. <see cref="Observe"/> increments one bucket and adds to the sum on the calling processor's
/// stripe (two interlocked operations, no lock). Exposed counts are cumulative per <c>le</c> bound; <c>_count</c> is
/// the <c>+Inf</c> bucket, computed from the same snapshot, so the two always agree.
/// </summary>
public sealed class HistogramChild
{
    private readonly double[] _bounds;
    private readonly int _stride;
    private readonly int _sumSlot;
    private readonly long[] _cells;

    internal HistogramChild(double[] bounds)
    {
        _bounds = bounds;
        _sumSlot = bounds.Length + 1;
        _stride = Stripes.Stride(bounds.Length + 2);
        _cells = new long[Stripes.Count * _stride];
    }

    /// <summary>Number of observations.</summary>
    public long Count => Snapshot().Count;

    /// <summary>Sum of the observed values.</summary>
    public double Sum => Snapshot().Sum;

    /// <summary>
    /// Records one observation: it lands in the first bucket whose upper bound is ≥ <paramref name="value"/>, else in
    /// +Inf (NaN also lands in +Inf and makes the sum NaN, as Prometheus' own clients do).
    /// </summary>
    public void Observe(double value)
    {
        var bucket = BucketOf(value);
        var stripe = Stripes.Current * _stride;
        Interlocked.Increment(ref _cells[stripe + bucket]);
        AtomicDouble.Add(ref _cells[stripe + _sumSlot], value);
    }

    /// <summary>Cumulative counts per bound (last entry = +Inf = total count) and the sum.</summary>
    internal (long[] Cumulative, long Count, double Sum) Snapshot()
    {
        var cumulative = new long[_bounds.Length + 1];
        var sum = 0d;
        for (var stripe = 0; stripe < _cells.Length; stripe += _stride)
        {
            for (var i = 0; i < cumulative.Length; i++)
            {
                cumulative[i] += Volatile.Read(ref _cells[stripe + i]);
            }

            sum += AtomicDouble.Read(ref _cells[stripe + _sumSlot]);
        }

        for (var i = 1; i < cumulative.Length; i++)
        {
            cumulative[i] += cumulative[i - 1];
        }

        return (cumulative, cumulative[^1], sum);
    }

    private int BucketOf(double value)
    {
        var bounds = _bounds;
        if (bounds.Length <= 16)
        {
            for (var i = 0; i < bounds.Length; i++)
            {
                if (value <= bounds[i])
                {
                    return i;
                }
            }

            return bounds.Length;
        }

        // First index whose bound is >= value (NaN compares false everywhere and ends at +Inf).
        int low = 0, high = bounds.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (value <= bounds[mid])
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return double.IsNaN(value) ? bounds.Length : low;
    }
}
