using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rollouts.Notifications.Delivery;
using Rollouts.Notifications.Formats;
using Rollouts.Notifications.Metrics;

namespace Rollouts.Notifications;

/// <summary>
/// Posts every published notification to each configured webhook, off the caller's path. Each URL is a sink with
/// its own bounded queue and delivery loop, so a slow or dead receiver delays only itself: <see cref="Publish"/>
/// only enqueues (a full queue drops its oldest notification, counted), and order is kept per sink. Each
/// notification gets one attempt chain (see <see cref="NotificationOptions"/> for the timeout and retries) and is
/// never persisted: an operator restart loses what was queued. Runs as a hosted service: <see cref="StartAsync"/>
/// starts the loops (notifications published before are kept queued), <see cref="StopAsync"/> delivers what it can
/// within <see cref="NotificationOptions.DrainTimeout"/>, then stops and counts the rest as given up.
/// </summary>
public sealed class WebhookNotifier : IRolloutNotifier, IHostedService, IAsyncDisposable
{
    /// <summary>The name of the <see cref="HttpClient"/> taken from <see cref="IHttpClientFactory"/> (configured by <see cref="NotificationServiceCollectionExtensions.AddRolloutNotifications"/>).</summary>
    public const string HttpClientName = "Rollouts.Notifications";

    private readonly NotificationOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly WebhookSink[] sinks;
    private readonly CancellationTokenSource stopping = new();
    private Task<int>[]? loops;
    private int stopped;
    private int disposed;

    /// <summary>Creates one sink per URL of <paramref name="options"/>; nothing is sent before <see cref="StartAsync"/>.</summary>
    /// <param name="options">Validated options (<see cref="NotificationOptionsValidator"/>).</param>
    /// <param name="clients">The factory of the <see cref="HttpClientName"/> client.</param>
    /// <param name="metrics">Where deliveries, failures and drops are counted.</param>
    /// <param name="time">The clock of timeouts, backoff, drain bound and notification ids.</param>
    /// <param name="logger">The log; URLs appear only redacted.</param>
    /// <exception cref="ArgumentException">The options are not valid (the message lists every error).</exception>
    public WebhookNotifier(NotificationOptions options, IHttpClientFactory clients, INotificationMetrics metrics, TimeProvider time, ILogger<WebhookNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        NotificationOptionsValidator.ThrowIfInvalid(options);
        this.options = options;
        this.time = time;
        this.logger = logger;
        var formatter = NotificationFormatters.For(options.Format);
        sinks = options.WebhookUrls.Select((url, i) => new WebhookSink(i, url, options, formatter, clients, metrics, time, logger)).ToArray();
    }

    /// <summary>The sink labels, in URL order (the <c>sink</c> label of the metrics).</summary>
    public IReadOnlyList<string> Sinks => sinks.Select(s => s.Label).ToArray();

    /// <summary>How many notifications wait in the queue of the sink at <paramref name="index"/>, not counting one in flight.</summary>
    /// <param name="index">The sink's position in <see cref="NotificationOptions.WebhookUrls"/>.</param>
    public int Queued(int index) => sinks[index].Queued;

    /// <inheritdoc />
    public void Publish(RolloutNotification notification)
    {
        if (notification is null)
        {
            return;
        }

        try
        {
            var item = new QueuedNotification(Guid.CreateVersion7(time.GetUtcNow()), notification);
            foreach (var sink in sinks)
            {
                sink.Enqueue(item);
            }
        }
        catch (Exception e)
        {
            NotificationLog.PublishFailed(logger, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Starts one delivery loop per sink and returns.</summary>
    /// <param name="cancellationToken">Not used: starting does not wait.</param>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (loops is not null || Volatile.Read(ref stopped) == 1)
        {
            return Task.CompletedTask;
        }

        NotificationLog.Started(logger, sinks.Length, NotificationFormatters.Name(options.Format), string.Join(", ", sinks.Select(s => $"{s.Label} {s.Redacted}")));
        loops = sinks.Select(s => Task.Run(() => s.RunAsync(stopping.Token), CancellationToken.None)).ToArray();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes no more notifications (later ones are counted dropped), keeps delivering what is queued for up to
    /// <see cref="NotificationOptions.DrainTimeout"/> (or until <paramref name="cancellationToken"/>), then cancels
    /// the loops; what was not delivered is counted given up and logged once.
    /// </summary>
    /// <param name="cancellationToken">The host's shutdown deadline.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        foreach (var sink in sinks)
        {
            sink.Complete();
        }

        // Never started: a loop run on a cancelled token delivers nothing and counts what is queued as given up.
        var running = loops ?? sinks.Select(s => s.RunAsync(new CancellationToken(true))).ToArray();
        var all = Task.WhenAll(running);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var drain = Task.Delay(options.DrainTimeout, time, bound.Token);
        if (await Task.WhenAny(all, drain).ConfigureAwait(false) != all)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
        }

        await bound.CancelAsync().ConfigureAwait(false);
        var left = (await all.ConfigureAwait(false)).Sum();
        if (left > 0)
        {
            NotificationLog.StoppedUndelivered(logger, left, options.DrainTimeout.TotalMilliseconds);
        }
    }

    /// <summary>Stops at once (no drain) if <see cref="StopAsync"/> has not run, and releases the loops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        stopping.Dispose();
    }
}
