namespace Rollouts.Notifications.Formats;

/// <summary>Renders a notification into the body of one webhook POST. One implementation per <see cref="NotificationFormat"/>.</summary>
public interface INotificationFormatter
{
    /// <summary>The format this formatter writes.</summary>
    NotificationFormat Format { get; }

    /// <summary>The UTF-8 JSON body (Content-Type application/json) for <paramref name="notification"/>.</summary>
    /// <param name="notification">The transition.</param>
    /// <param name="id">The notification's id, the same for every sink and every retry (receivers may deduplicate by it).</param>
    byte[] Render(RolloutNotification notification, Guid id);
}
