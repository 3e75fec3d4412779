using System.Security.Cryptography;
using System.Text;

namespace Rollouts.Serving.Security;

/// <summary>
/// The accepted API keys, held only as SHA-256 digests. A presented key is hashed and compared with every digest by
/// <see cref="CryptographicOperations.FixedTimeEquals"/> (no early exit), so neither the match nor its position shows in
/// the timing. The identity of a key (for rate limiting) is <c>key:</c> and the first 8 bytes of its digest in hex:
/// stable, and not the key.
/// </summary>
public sealed class ApiKeySet
{
    private readonly byte[][] digests;

    private ApiKeySet(byte[][] digests) => this.digests = digests;

    /// <summary>How many keys are accepted.</summary>
    public int Count => digests.Length;

    /// <summary>
    /// Parses a keys file: UTF-8, one key per line, surrounding whitespace trimmed, blank lines and lines starting with
    /// <c>#</c> ignored. Returns null with <paramref name="error"/> when no key remains.
    /// </summary>
    public static ApiKeySet? Parse(byte[] content, out string? error)
    {
        var digests = new List<byte[]>();
        foreach (var raw in Encoding.UTF8.GetString(content).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            digests.Add(SHA256.HashData(Encoding.UTF8.GetBytes(line)));
        }

        error = digests.Count == 0 ? "it holds no key (one key per line; blank lines and '#' comments are ignored)" : null;
        return digests.Count == 0 ? null : new ApiKeySet([.. digests]);
    }

    /// <summary>Whether <paramref name="key"/> is accepted; <paramref name="identity"/> is its digest-based identity.</summary>
    public bool Matches(string key, out string identity)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), digest);
        var found = false;
        foreach (var accepted in digests)
        {
            found |= CryptographicOperations.FixedTimeEquals(digest, accepted);
        }

        identity = found ? "key:" + Convert.ToHexStringLower(digest[..8]) : "";
        return found;
    }
}
