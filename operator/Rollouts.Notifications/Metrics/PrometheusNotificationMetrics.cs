using Prometheus;

namespace Rollouts.Notifications.Metrics;

/// <summary>
/// <see cref="INotificationMetrics"/> on a prometheus-net <see cref="CollectorRegistry"/>:
/// <c>rollouts_notifications_sent_total{sink,format}</c>, <c>rollouts_notifications_failed_total{sink,reason}</c>
/// (reason: timeout, transport, http_3xx, http_4xx, http_5xx), <c>rollouts_notifications_dropped_total{sink}</c>,
/// <c>rollouts_notifications_given_up_total{sink}</c> and the histogram
/// <c>rollouts_notification_send_duration_seconds{sink}</c> (buckets 5 ms to 60 s).
/// </summary>
public sealed class PrometheusNotificationMetrics : INotificationMetrics
{
    /// <summary>Name of the delivered counter.</summary>
    public const string SentTotal = "rollouts_notifications_sent_total";

    /// <summary>Name of the failed-attempt counter.</summary>
    public const string FailedTotal = "rollouts_notifications_failed_total";

    /// <summary>Name of the dropped counter.</summary>
    public const string DroppedTotal = "rollouts_notifications_dropped_total";

    /// <summary>Name of the given-up counter.</summary>
    public const string GivenUpTotal = "rollouts_notifications_given_up_total";

    /// <summary>Name of the attempt-duration histogram.</summary>
    public const string SendDurationSeconds = "rollouts_notification_send_duration_seconds";

    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter sent;
    private readonly Counter failed;
    private readonly Counter dropped;
    private readonly Counter givenUp;
    private readonly Histogram duration;

    /// <summary>Creates (or finds) the metrics in <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry the operator's /metrics endpoint serves.</param>
    public PrometheusNotificationMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        sent = factory.CreateCounter(SentTotal, "Rollout notifications delivered (a 2xx answer), by sink and format.", "sink", "format");
        failed = factory.CreateCounter(FailedTotal, "Failed notification POST attempts, by sink and reason (timeout, transport, http_3xx, http_4xx, http_5xx).", "sink", "reason");
        dropped = factory.CreateCounter(DroppedTotal, "Rollout notifications dropped before any attempt (queue full: the oldest is dropped; or the notifier had stopped), by sink.", "sink");
        givenUp = factory.CreateCounter(GivenUpTotal, "Rollout notifications not delivered after their attempts (retries spent, an answer not retried, or shutdown), by sink.", "sink");
        duration = factory.CreateHistogram(SendDurationSeconds, "Duration of one notification POST attempt, to its response headers or failure, by sink.",
            new HistogramConfiguration { LabelNames = ["sink"], Buckets = DurationBuckets });
    }

    /// <summary>The <c>reason</c> label of a failure.</summary>
    /// <param name="reason">A failure.</param>
    public static string ReasonLabel(DeliveryFailure reason) => reason switch
    {
        DeliveryFailure.Timeout => "timeout",
        DeliveryFailure.Transport => "transport",
        DeliveryFailure.Http3xx => "http_3xx",
        DeliveryFailure.Http4xx => "http_4xx",
        _ => "http_5xx",
    };

    /// <inheritdoc />
    public void SinkConfigured(string sink, NotificationFormat format)
    {
        sent.WithLabels(sink, Formats.NotificationFormatters.Name(format));
        foreach (var reason in Enum.GetValues<DeliveryFailure>())
        {
            failed.WithLabels(sink, ReasonLabel(reason));
        }

        dropped.WithLabels(sink);
        givenUp.WithLabels(sink);
        duration.WithLabels(sink);
    }

    /// <inheritdoc />
    public void Sent(string sink, NotificationFormat format) => sent.WithLabels(sink, Formats.NotificationFormatters.Name(format)).Inc();

    /// <inheritdoc />
    public void Failed(string sink, DeliveryFailure reason) => failed.WithLabels(sink, ReasonLabel(reason)).Inc();

    /// <inheritdoc />
    public void Dropped(string sink) => dropped.WithLabels(sink).Inc();

    /// <inheritdoc />
    public void GivenUp(string sink) => givenUp.WithLabels(sink).Inc();

    /// <inheritdoc />
    public void AttemptDuration(string sink, double seconds) => duration.WithLabels(sink).Observe(seconds);
}
