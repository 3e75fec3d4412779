using System.Security.Cryptography;
using System.Text;

namespace Rollouts.Serving.Feedback;

/// <summary>
/// The guard against counting one prediction's feedback twice on this pod: the last <see cref="Capacity"/> prediction ids
/// counted here, kept as 64-bit digests (the first 8 bytes of the id's SHA-256) in a set with first-in-first-out
/// eviction, about 2 MiB when full. It does not catch the same id sent to two pods, sent again after this pod restarted,
/// or sent again after <see cref="Capacity"/> newer ids pushed it out. Thread-safe.
/// </summary>
public sealed class CountedIds
{
    /// <summary>How many ids are remembered.</summary>
    public const int Capacity = 100_000;

    private readonly HashSet<ulong> seen = new(Capacity);
    private readonly Queue<ulong> order = new(Capacity);
    private readonly Lock gate = new();

    /// <summary>Records <paramref name="predictionId"/>; false when it was already recorded (and is still remembered).</summary>
    public bool TryAdd(string predictionId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.ASCII.GetBytes(predictionId), hash);
        var key = BitConverter.ToUInt64(hash);
        lock (gate)
        {
            if (!seen.Add(key))
            {
                return false;
            }

            order.Enqueue(key);
            if (order.Count > Capacity)
            {
                seen.Remove(order.Dequeue());
            }

            return true;
        }
    }
}
