namespace Rollouts.Notifications.Metrics;

/// <summary>
/// What the notifier counts, per sink (the short label of <see cref="WebhookAddress.SinkLabel"/>, never a URL).
/// For each sink: published = sent + dropped + given up + still queued or in flight.
/// </summary>
public interface INotificationMetrics
{
    /// <summary>A sink was configured: its series start at zero, so rate() and increase() see the first event.</summary>
    /// <param name="sink">The sink label.</param>
    /// <param name="format">The sink's format.</param>
    void SinkConfigured(string sink, NotificationFormat format);

    /// <summary>A notification was delivered (a 2xx answer) — <c>rollouts_notifications_sent_total{sink,format}</c>.</summary>
    /// <param name="sink">The sink label.</param>
    /// <param name="format">The sink's format.</param>
    void Sent(string sink, NotificationFormat format);

    /// <summary>One attempt failed — <c>rollouts_notifications_failed_total{sink,reason}</c>.</summary>
    /// <param name="sink">The sink label.</param>
    /// <param name="reason">Why.</param>
    void Failed(string sink, DeliveryFailure reason);

    /// <summary>A notification was dropped before any attempt: the queue was full (the oldest goes) or the notifier had stopped — <c>rollouts_notifications_dropped_total{sink}</c>.</summary>
    /// <param name="sink">The sink label.</param>
    void Dropped(string sink);

    /// <summary>A notification's attempts ended without delivery: retries spent, an answer not retried, or shutdown — <c>rollouts_notifications_given_up_total{sink}</c>.</summary>
    /// <param name="sink">The sink label.</param>
    void GivenUp(string sink);

    /// <summary>One attempt took <paramref name="seconds"/>, whatever its result — <c>rollouts_notification_send_duration_seconds{sink}</c>.</summary>
    /// <param name="sink">The sink label.</param>
    /// <param name="seconds">From sending the request to its response headers (or its failure), in seconds.</param>
    void AttemptDuration(string sink, double seconds);
}
