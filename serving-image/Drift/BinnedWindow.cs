namespace Rollouts.Serving.Drift;

/// <summary>
/// Bin counts over the last <c>capacity</c> values: a ring of bin indices; adding a value counts its bin and, once full,
/// un-counts the bin of the value it evicts (O(1) per value). Not thread-safe: the owner serialises access.
/// </summary>
public sealed class BinnedWindow(int bins, int capacity)
{
    private readonly int[] ring = new int[capacity];
    private readonly int[] counts = new int[bins];
    private int next;
    private int filled;

    /// <summary>Values currently in the window.</summary>
    public int Count => filled;

    /// <summary>Counts per bin.</summary>
    public ReadOnlySpan<int> Counts => counts;

    /// <summary>Adds a value that falls in <paramref name="bin"/>.</summary>
    public void Add(int bin)
    {
        if (filled == ring.Length)
        {
            counts[ring[next]]--;
        }
        else
        {
            filled++;
        }

        ring[next] = bin;
        counts[bin]++;
        next = next + 1 == ring.Length ? 0 : next + 1;
    }
}
