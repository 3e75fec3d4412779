using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rollouts.Notifications.Metrics;

namespace Rollouts.Notifications.Tests;

/// <summary>A webhook URL is a secret (Slack's token is in its path): no log line, at any level, may carry its path or query.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Logs_name_the_sink_and_the_receivers_answer_but_never_the_urls_path_or_query()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = async (i, ctx) =>
        {
            ctx.Response.StatusCode = i == 0 ? 500 : 404;
            await ctx.Response.WriteAsync(i == 0 ? "boom" : "no_service");
        };
        var url = receiver.At("services/T000/B000/SECRETPATH?token=SECRETQUERY");
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(url));

        host.Notifier.Publish(Samples.RolledBack());
        host.Clock.Advance(await host.Clock.WaitForTimerAsync(due => due != TimeSpan.FromSeconds(10)));
        await host.WaitForMetricAsync(PrometheusNotificationMetrics.GivenUpTotal, 1, $"sink={host.Sink(0)}");

        var entries = host.Logs.Entries;
        var redacted = $"http://{receiver.Url.Authority}/…";
        entries.ShouldContain(e => e.Level == LogLevel.Information && e.Message.Contains($"{host.Sink(0)} {redacted}"));
        entries.ShouldContain(e => e.Level == LogLevel.Debug && e.Message.Contains("attempt 1 failed (http_5xx, HTTP 500: boom)"));
        entries.ShouldContain(e => e.Level == LogLevel.Warning
            && e.Message == $"notification sink {host.Sink(0)} ({redacted}): gave up on RolledBack notification for ml/iris after 2 attempt(s): http_4xx, HTTP 404: no_service");
        entries.ShouldNotContain(e => e.Message.Contains("SECRET"));
        entries.ShouldNotContain(e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_transport_error_is_logged_without_the_url()
    {
        var url = new Uri($"http://127.0.0.1:{RetryTests.ClosedPort()}/services/SECRETPATH?token=SECRETQUERY");
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(url) with { MaxRetries = 0 });

        host.Notifier.Publish(Samples.RolledBack());

        await host.WaitForMetricAsync(PrometheusNotificationMetrics.GivenUpTotal, 1, $"sink={host.Sink(0)}");
        host.Logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("transport"));
        host.Logs.Entries.ShouldNotContain(e => e.Message.Contains("SECRET"));
    }
}
