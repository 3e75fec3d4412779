using Rollouts.Metrics.Internal;

namespace Rollouts.Metrics;

/// <summary>One gauge series: a value that can go up and down (lock-free compare-and-swap on one cell).</summary>
public sealed class GaugeChild
{
    private long _bits;

    internal GaugeChild()
    {
    }

    /// <summary>The current value.</summary>
    public double Value => AtomicDouble.Read(ref _bits);

    /// <summary>Sets the value (any double, including NaN and infinities).</summary>
    public void Set(double value) => AtomicDouble.Write(ref _bits, value);

    /// <summary>Adds <paramref name="by"/> (default 1).</summary>
    public void Inc(double by = 1) => AtomicDouble.Add(ref _bits, by);

    /// <summary>Subtracts <paramref name="by"/> (default 1).</summary>
    public void Dec(double by = 1) => AtomicDouble.Add(ref _bits, -by);
}
