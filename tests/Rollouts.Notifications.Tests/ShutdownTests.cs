using static Rollouts.Notifications.Metrics.PrometheusNotificationMetrics;

namespace Rollouts.Notifications.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_delivers_what_is_queued_when_the_receiver_is_up()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url));
        for (var i = 0; i < 20; i++)
        {
            host.Notifier.Publish(Samples.Step(i));
        }

        await host.Webhooks.StopAsync(CancellationToken.None);

        receiver.Requests.Count.ShouldBe(20);
        host.Metric(SentTotal, $"sink={host.Sink(0)}", "format=json").ShouldBe(20);
        host.Metric(GivenUpTotal, $"sink={host.Sink(0)}").ShouldBe(0);
    }

    [Fact]
    public async Task Stop_gives_up_after_the_drain_timeout_when_the_receiver_hangs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.NeverAnswer();
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url));
        host.Notifier.Publish(Samples.Step(0));
        host.Notifier.Publish(Samples.Step(1));
        host.Notifier.Publish(Samples.Step(2));
        await receiver.WaitForAsync(1);

        var stop = host.Webhooks.StopAsync(CancellationToken.None);
        await host.Clock.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(3)); // the drain bound
        stop.IsCompleted.ShouldBeFalse();
        host.Clock.Advance(TimeSpan.FromSeconds(3));
        await stop.WaitAsync(Eventually.Limit);

        host.Metric(GivenUpTotal, $"sink={host.Sink(0)}").ShouldBe(3);
        host.Logs.Entries.ShouldContain(e => e.Message == "notifications: stopped with 3 notification(s) not delivered (drain timeout 3000 ms)");
    }

    [Fact]
    public async Task The_hosts_deadline_cuts_the_drain_short()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.NeverAnswer();
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url));
        host.Notifier.Publish(Samples.Step(0));
        await receiver.WaitForAsync(1);

        await host.Webhooks.StopAsync(new CancellationToken(true)).WaitAsync(Eventually.Limit);

        host.Metric(GivenUpTotal, $"sink={host.Sink(0)}").ShouldBe(1);
    }

    [Fact]
    public async Task Publish_after_stop_neither_throws_nor_sends_and_is_counted_dropped()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url));
        await host.Webhooks.StopAsync(CancellationToken.None);

        host.Notifier.Publish(Samples.Step(0));
        host.Notifier.Publish(null!);

        host.Metric(DroppedTotal, $"sink={host.Sink(0)}").ShouldBe(1);
        receiver.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Stop_without_start_sends_nothing_and_counts_the_queued_as_given_up()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url), start: false);
        host.Notifier.Publish(Samples.Step(0));
        host.Notifier.Publish(Samples.Step(1));

        await host.Webhooks.StopAsync(CancellationToken.None);

        host.Metric(GivenUpTotal, $"sink={host.Sink(0)}").ShouldBe(2);
        receiver.Requests.ShouldBeEmpty();
    }
}
