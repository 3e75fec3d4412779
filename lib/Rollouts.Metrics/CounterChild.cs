using Rollouts.Metrics.Internal;

namespace Rollouts.Metrics;

/// <summary>One counter series (one set of label values): a monotonically increasing total, lock-free and striped.</summary>
public sealed class CounterChild
{
    private readonly StripedDouble _value = new();

    internal CounterChild()
    {
    }

    /// <summary>The current total (sum over the stripes).</summary>
    public double Value => _value.Sum();

    /// <summary>Adds <paramref name="by"/> (default 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative or NaN: counters only go up.</exception>
    public void Inc(double by = 1)
    {
        if (!(by >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "a counter can only increase");
        }

        _value.Add(by);
    }
}
