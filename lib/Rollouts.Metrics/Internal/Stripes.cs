namespace Rollouts.Metrics.Internal;

/// <summary>
/// Striping for hot-path cells: updates go to the stripe of the current processor, so threads on different cores rarely
/// contend on one cache line; readers sum the stripes. Stripe count is the processor count rounded up to a power of
/// two, capped at <see cref="MaxStripes"/>.
/// </summary>
internal static class Stripes
{
    /// <summary>Upper bound on stripes per cell, bounding memory per labelled child.</summary>
    public const int MaxStripes = 16;

    /// <summary>Longs per cache line (64 bytes): a stripe's block is padded to a multiple of this.</summary>
    public const int LongsPerLine = 8;

    /// <summary>Number of stripes (a power of two ≥ 1).</summary>
    public static readonly int Count = Math.Min(MaxStripes, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount)));

    /// <summary>The stripe the calling thread should update (cheap: the runtime caches the processor id).</summary>
    public static int Current => Thread.GetCurrentProcessorId() & (Count - 1);

    /// <summary>Rounds <paramref name="longs"/> up to whole cache lines, with one spare line so neighbours never share.</summary>
    public static int Stride(int longs) => ((longs + LongsPerLine - 1) / LongsPerLine * LongsPerLine) + LongsPerLine;
}
