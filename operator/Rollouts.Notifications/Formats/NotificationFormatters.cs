namespace Rollouts.Notifications.Formats;

/// <summary>The formatter of each <see cref="NotificationFormat"/>.</summary>
public static class NotificationFormatters
{
    private static readonly IReadOnlyDictionary<NotificationFormat, INotificationFormatter> All =
        new INotificationFormatter[] { new JsonNotificationFormatter(), new SlackNotificationFormatter() }.ToDictionary(f => f.Format);

    /// <summary>The formatter of <paramref name="format"/>.</summary>
    /// <param name="format">A defined format.</param>
    /// <exception cref="ArgumentOutOfRangeException">The format is not defined.</exception>
    public static INotificationFormatter For(NotificationFormat format) =>
        All.TryGetValue(format, out var formatter) ? formatter : throw new ArgumentOutOfRangeException(nameof(format), format, "unknown notification format");

    /// <summary>The format's name as the flag writes it: json or slack.</summary>
    /// <param name="format">A format.</param>
    public static string Name(NotificationFormat format) => format.ToString().ToLowerInvariant();
}
