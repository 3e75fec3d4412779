namespace Rollouts.Notifications.Delivery;

/// <summary>A notification waiting in a sink's queue, with the id every sink and retry shares.</summary>
/// <param name="Id">A version 7 GUID from the notifier's clock at <see cref="IRolloutNotifier.Publish"/>.</param>
/// <param name="Notification">The transition.</param>
internal sealed record QueuedNotification(Guid Id, RolloutNotification Notification);
