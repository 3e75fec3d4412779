using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rollouts.Notifications.Metrics;

namespace Rollouts.Notifications.Tests;

public sealed class ServiceRegistrationTests
{
    private static ServiceProvider Build(NotificationOptions options, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection().AddLogging();
        more?.Invoke(services);
        return services.AddRolloutNotifications(options).BuildServiceProvider();
    }

    [Fact]
    public async Task Without_a_url_the_notifier_does_nothing_and_no_service_runs()
    {
        await using var services = Build(new NotificationOptions());

        services.GetRequiredService<IRolloutNotifier>().ShouldBeSameAs(NullRolloutNotifier.Instance);
        services.GetServices<IHostedService>().ShouldBeEmpty();
        services.GetRequiredService<IRolloutNotifier>().Publish(Samples.Started());
    }

    [Fact]
    public async Task With_urls_the_webhook_notifier_is_the_notifier_and_a_hosted_service()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        await using var services = Build(NotifierHost.Options(new Uri("http://127.0.0.1:9/a"), new Uri("https://hooks.slack.com/services/T/B/x")),
            s => s.AddSingleton(registry));

        var notifier = services.GetRequiredService<IRolloutNotifier>().ShouldBeOfType<WebhookNotifier>();
        services.GetServices<IHostedService>().ShouldHaveSingleItem().ShouldBeSameAs(notifier);
        services.GetRequiredService<INotificationMetrics>().ShouldBeOfType<PrometheusNotificationMetrics>();
        notifier.Sinks.ShouldBe(["0-127.0.0.1:9", "1-hooks.slack.com"]);
    }

    [Fact]
    public async Task Each_sinks_series_exist_at_zero_before_anything_is_sent()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        await using var services = Build(NotifierHost.Options(new Uri("http://127.0.0.1:9/a")), s => s.AddSingleton(registry));
        _ = services.GetRequiredService<IRolloutNotifier>();

        const string sink = "sink=0-127.0.0.1:9";
        MetricsText.Value(registry, PrometheusNotificationMetrics.SentTotal, sink, "format=json").ShouldBe(0);
        foreach (var reason in new[] { "timeout", "transport", "http_3xx", "http_4xx", "http_5xx" })
        {
            MetricsText.Value(registry, PrometheusNotificationMetrics.FailedTotal, sink, $"reason={reason}").ShouldBe(0);
        }

        MetricsText.Value(registry, PrometheusNotificationMetrics.DroppedTotal, sink).ShouldBe(0);
        MetricsText.Value(registry, PrometheusNotificationMetrics.GivenUpTotal, sink).ShouldBe(0);
        MetricsText.Value(registry, PrometheusNotificationMetrics.SendDurationSeconds + "_count", sink).ShouldBe(0);
        MetricsText.Export(registry).ShouldNotContain("/a\"");
    }

    [Fact]
    public void Invalid_options_are_refused_with_every_error()
    {
        var e = Should.Throw<ArgumentException>(() => new ServiceCollection().AddRolloutNotifications(
            new NotificationOptions { WebhookUrls = [new Uri("ftp://x/y")], QueueCapacity = 0 }));
        e.Message.ShouldContain("--notify-webhook-url #1: scheme 'ftp' is not http or https");
        e.Message.ShouldContain("--notify-queue-capacity: 0 is out of range (1 to 100000)");
    }

    [Fact]
    public async Task An_existing_time_provider_is_kept()
    {
        var clock = new TestClock();
        await using var services = Build(NotifierHost.Options(new Uri("http://127.0.0.1:9/a")), s => s.AddSingleton<TimeProvider>(clock));
        services.GetRequiredService<TimeProvider>().ShouldBeSameAs(clock);
        services.GetRequiredService<ILoggerFactory>().ShouldNotBeNull();
    }
}
