namespace Rollouts.Notifications;

/// <summary>The notifier registered when no webhook is configured: <see cref="Publish"/> does nothing.</summary>
public sealed class NullRolloutNotifier : IRolloutNotifier
{
    /// <summary>The one instance.</summary>
    public static readonly NullRolloutNotifier Instance = new();

    private NullRolloutNotifier()
    {
    }

    /// <inheritdoc />
    public void Publish(RolloutNotification notification)
    {
    }
}
