namespace Rollouts.Analysis;

/// <summary>Bounds on the text kept in the status, so that its size stays bounded whatever the queries return.</summary>
internal static class Text
{
    /// <summary>Longest resolved query kept in a measurement.</summary>
    public const int MaxQuery = 4096;

    /// <summary>Longest measurement message.</summary>
    public const int MaxMeasurementMessage = 512;

    /// <summary>Longest run message.</summary>
    public const int MaxRunMessage = 1024;

    /// <summary><paramref name="s"/> cut to <paramref name="max"/> characters, ending in "..." when cut.</summary>
    public static string Truncate(string s, int max) => s.Length <= max ? s : string.Concat(s.AsSpan(0, max - 3), "...");
}
