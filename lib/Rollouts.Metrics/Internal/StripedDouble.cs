namespace Rollouts.Metrics.Internal;

/// <summary>
/// A monotonic double sum spread over <see cref="Stripes.Count"/> cache-line-padded cells: <see cref="Add"/> is one
/// uncontended compare-and-swap in the common case, <see cref="Sum"/> reads every stripe.
/// </summary>
internal sealed class StripedDouble
{
    private static readonly int Stride = Stripes.Stride(1);
    private readonly long[] _cells = new long[Stripes.Count * Stride];

    /// <summary>Adds <paramref name="value"/> on the calling processor's stripe.</summary>
    public void Add(double value) => AtomicDouble.Add(ref _cells[Stripes.Current * Stride], value);

    /// <summary>The sum over all stripes.</summary>
    public double Sum()
    {
        var sum = 0d;
        for (var i = 0; i < _cells.Length; i += Stride)
        {
            sum += AtomicDouble.Read(ref _cells[i]);
        }

        return sum;
    }
}
