using System.Text.RegularExpressions;
using Rollouts.Kube;

namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// An HTTPRoute rule with header matches, checked before the weighted split: a request matches when, for any one
/// of <paramref name="Matches"/>, it carries every header of that match (names case-insensitive; <c>Exact</c> values
/// compared ordinally, <c>RegularExpression</c> values matched against the whole header value, as Envoy does; a
/// pattern that does not parse, or takes over 100 ms, matches nothing).
/// </summary>
/// <param name="Matches">The rule's matches (OR), each a list of header matches (AND).</param>
/// <param name="Backends">Where matching requests go, by weight.</param>
public sealed record HeaderRule(IReadOnlyList<IReadOnlyList<HttpHeaderMatch>> Matches, IReadOnlyList<Backend> Backends)
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether a request with <paramref name="headers"/> (name → value) matches this rule.</summary>
    public bool IsMatch(IReadOnlyDictionary<string, string> headers) =>
        Matches.Any(all => all.All(m => headers.TryGetValue(m.Name, out var value) && ValueMatches(m, value)));

    private static bool ValueMatches(HttpHeaderMatch match, string value)
    {
        if (match.Type != "RegularExpression")
        {
            return string.Equals(match.Value, value, StringComparison.Ordinal);
        }

        try
        {
            return Regex.IsMatch(value, $"^(?:{match.Value})$", RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException)
        {
            return false; // Includes RegexMatchTimeoutException.
        }
    }
}
