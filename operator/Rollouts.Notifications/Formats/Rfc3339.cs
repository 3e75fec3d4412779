using System.Globalization;

namespace Rollouts.Notifications.Formats;

/// <summary>Times as the payloads write them: RFC 3339 in UTC, fractional seconds only when there are any.</summary>
public static class Rfc3339
{
    /// <summary>E.g. <c>2026-12-01T10:15:30Z</c> or <c>2026-12-01T10:15:30.25Z</c>.</summary>
    /// <param name="time">Any offset; written in UTC.</param>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
