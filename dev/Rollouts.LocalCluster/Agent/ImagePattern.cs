using System.Text.RegularExpressions;

namespace Rollouts.LocalCluster.Agent;

/// <summary>Glob matching of image references (<c>*</c> any run of characters, <c>?</c> one character).</summary>
public static class ImagePattern
{
    /// <summary>True when <paramref name="image"/> matches <paramref name="glob"/> in full.</summary>
    public static bool Matches(string glob, string? image) =>
        image is not null
        && Regex.IsMatch(image, "^" + Regex.Escape(glob).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
