namespace Rollouts.Notifications;

/// <summary>Where the reconciler hands rollout transitions to be told to people and systems.</summary>
public interface IRolloutNotifier
{
    /// <summary>Queues the notification for every configured sink and returns at once; never throws, never blocks.</summary>
    /// <param name="notification">The transition, published after its status write succeeded.</param>
    void Publish(RolloutNotification notification);
}
