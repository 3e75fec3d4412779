using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Rollouts.Notifications.Formats;
using Rollouts.Notifications.Metrics;

namespace Rollouts.Notifications.Delivery;

/// <summary>
/// One webhook URL: a bounded queue (when full the oldest notification is dropped and counted) and one loop that
/// delivers them in order, one attempt chain at a time. Nothing here blocks <see cref="Enqueue"/>.
/// </summary>
internal sealed class WebhookSink
{
    private readonly Channel<QueuedNotification> queue;
    private readonly WebhookPoster poster;
    private readonly INotificationFormatter formatter;
    private readonly INotificationMetrics metrics;
    private readonly ILogger logger;
    private readonly int capacity;
    private int warnedFull;

    public WebhookSink(int index, Uri url, NotificationOptions options, INotificationFormatter formatter, IHttpClientFactory clients,
        INotificationMetrics metrics, TimeProvider time, ILogger logger)
    {
        Label = WebhookAddress.SinkLabel(index, url);
        Redacted = WebhookAddress.Redact(url);
        capacity = options.QueueCapacity;
        this.formatter = formatter;
        this.metrics = metrics;
        this.logger = logger;
        poster = new WebhookPoster(url, Label, options, clients, metrics, time, logger);
        queue = Channel.CreateBounded<QueuedNotification>(
            new BoundedChannelOptions(options.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            },
            OnDropped);
        metrics.SinkConfigured(Label, options.Format);
    }

    /// <summary>The sink label (metrics).</summary>
    public string Label { get; }

    /// <summary>The redacted URL (logs).</summary>
    public string Redacted { get; }

    /// <summary>Notifications waiting (not counting the one in flight).</summary>
    public int Queued => queue.Reader.Count;

    /// <summary>Queues <paramref name="item"/>; a full queue drops its oldest; after <see cref="Complete"/> the item itself is dropped. Counted either way.</summary>
    public void Enqueue(QueuedNotification item)
    {
        if (!queue.Writer.TryWrite(item))
        {
            metrics.Dropped(Label);
        }
    }

    /// <summary>Takes no more notifications; <see cref="RunAsync"/> ends once the queue is empty.</summary>
    public void Complete() => queue.Writer.TryComplete();

    /// <summary>
    /// Delivers queued notifications in order until the queue is completed and empty, or <paramref name="stopping"/>
    /// is cancelled; then counts what is left (the one in flight and those queued) as given up.
    /// </summary>
    /// <returns>How many notifications were given up because of the stop.</returns>
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        QueuedNotification? inFlight = null;
        try
        {
            while (await queue.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                while (queue.Reader.TryRead(out var item))
                {
                    inFlight = item;
                    await DeliverAsync(item, stopping).ConfigureAwait(false);
                    inFlight = null;
                }
            }

            return 0;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            var left = inFlight is null ? 0 : 1;
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out _))
            {
                left++;
            }

            for (var i = 0; i < left; i++)
            {
                metrics.GivenUp(Label);
            }

            return left;
        }
    }

    private async Task DeliverAsync(QueuedNotification item, CancellationToken stopping)
    {
        var n = item.Notification;
        try
        {
            var body = formatter.Render(n, item.Id);
            var (last, attempts) = await poster.PostAsync(body, stopping).ConfigureAwait(false);
            if (last.IsDelivered)
            {
                Volatile.Write(ref warnedFull, 0);
                return;
            }

            NotificationLog.GaveUp(logger, Label, Redacted, n.Reason, n.Namespace, n.Name, attempts, WebhookPoster.Reason(last), WebhookPoster.Status(last), last.Detail);
            metrics.GivenUp(Label);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // A bug (formatting, the handler): this notification is lost, the sink goes on with the next.
            NotificationLog.Unexpected(logger, Label, Redacted, n.Reason, n.Namespace, n.Name, $"{e.GetType().Name}: {poster.Scrub(e.Message)}");
            metrics.GivenUp(Label);
        }
    }

    private void OnDropped(QueuedNotification dropped)
    {
        metrics.Dropped(Label);
        if (Interlocked.Exchange(ref warnedFull, 1) == 0)
        {
            NotificationLog.Dropping(logger, Label, Redacted, capacity);
        }
    }
}
