namespace Rollouts.Notifications;

/// <summary>The body posted to every webhook (<c>--notify-format</c>).</summary>
public enum NotificationFormat
{
    /// <summary><c>json</c>: the versioned document <c>notifications.ml.rollouts.dev/v1</c> RolloutNotification.</summary>
    Json,

    /// <summary><c>slack</c>: a Slack incoming-webhook message (text plus a coloured attachment of blocks).</summary>
    Slack,
}
