using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Rollouts.Notifications.Tests;

/// <summary>
/// The notifier as the operator will host it: services from <see cref="NotificationServiceCollectionExtensions.AddRolloutNotifications"/>
/// (real IHttpClientFactory, prometheus-net metrics on a fresh registry) with a <see cref="TestClock"/> and recorded
/// logs; its hosted services are started. Disposing it disposes the container (the notifier stops without draining).
/// </summary>
public sealed class NotifierHost : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private NotifierHost(ServiceProvider services, TestClock clock, CollectorRegistry registry, RecordingLogs logs)
    {
        this.services = services;
        Clock = clock;
        Registry = registry;
        Logs = logs;
    }

    public TestClock Clock { get; }

    public CollectorRegistry Registry { get; }

    public RecordingLogs Logs { get; }

    public IRolloutNotifier Notifier => services.GetRequiredService<IRolloutNotifier>();

    public WebhookNotifier Webhooks => services.GetRequiredService<WebhookNotifier>();

    public static NotificationOptions Options(params Uri[] urls) => new()
    {
        WebhookUrls = urls,
        QueueCapacity = 64,
        Timeout = TimeSpan.FromSeconds(10),
        MaxRetries = 3,
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(60),
        DrainTimeout = TimeSpan.FromSeconds(3),
    };

    public static async Task<NotifierHost> StartAsync(NotificationOptions options, bool start = true)
    {
        var clock = new TestClock();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var logs = new RecordingLogs();
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddSingleton(registry);
        collection.AddRolloutNotifications(options);
        var services = collection.BuildServiceProvider();
        foreach (var hosted in start ? services.GetServices<IHostedService>() : [])
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return new NotifierHost(services, clock, registry, logs);
    }

    /// <summary>A sample's value, 0 when the series is absent.</summary>
    public double Metric(string name, params string[] labels) => MetricsText.Value(Registry, name, labels) ?? 0;

    public string Sink(int index) => Webhooks.Sinks[index];

    public Task WaitForMetricAsync(string name, double atLeast, params string[] labels) =>
        Eventually.TrueAsync(() => Metric(name, labels) >= atLeast, $"{name}{{{string.Join(",", labels)}}} >= {atLeast} (is {Metric(name, labels)})");

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
