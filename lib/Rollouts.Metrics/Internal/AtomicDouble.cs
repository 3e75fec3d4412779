namespace Rollouts.Metrics.Internal;

/// <summary>Lock-free double arithmetic on a <see cref="long"/> cell holding the value's IEEE 754 bits.</summary>
internal static class AtomicDouble
{
    /// <summary>Adds <paramref name="value"/> to the double stored in <paramref name="bits"/> (compare-and-swap loop).</summary>
    public static void Add(ref long bits, double value)
    {
        var observed = Volatile.Read(ref bits);
        while (true)
        {
            var updated = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(observed) + value);
            var actual = Interlocked.CompareExchange(ref bits, updated, observed);
            if (actual == observed)
            {
                return;
            }

            observed = actual;
        }
    }

    /// <summary>Reads the double stored in <paramref name="bits"/>.</summary>
    public static double Read(ref long bits) => BitConverter.Int64BitsToDouble(Volatile.Read(ref bits));

    /// <summary>Stores <paramref name="value"/> into <paramref name="bits"/>.</summary>
    public static void Write(ref long bits, double value) => Volatile.Write(ref bits, BitConverter.DoubleToInt64Bits(value));
}
