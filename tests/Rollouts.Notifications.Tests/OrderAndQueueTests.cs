using static Rollouts.Notifications.Metrics.PrometheusNotificationMetrics;

namespace Rollouts.Notifications.Tests;

public sealed class OrderAndQueueTests
{
    [Fact]
    public async Task Order_is_kept_per_sink()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url) with { QueueCapacity = 500 });

        for (var i = 0; i < 200; i++)
        {
            host.Notifier.Publish(Samples.Step(i));
        }

        var requests = await receiver.WaitForAsync(200);
        Samples.StepsOf(requests).ShouldBe(Enumerable.Range(0, 200));
    }

    [Fact]
    public async Task Order_is_kept_across_retries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (i, ctx) =>
        {
            ctx.Response.StatusCode = i is 3 or 7 ? 503 : 200; // the 4th and 8th requests fail once
            return Task.CompletedTask;
        };
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url));

        for (var i = 0; i < 10; i++)
        {
            host.Notifier.Publish(Samples.Step(i));
        }

        for (var retry = 1; retry <= 2; retry++)
        {
            host.Clock.Advance(await host.Clock.WaitForTimerAsync(due => due != TimeSpan.FromSeconds(10), retry));
        }

        var requests = await receiver.WaitForAsync(12);
        Samples.StepsOf(requests).ShouldBe([0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9]);
        await host.WaitForMetricAsync(SentTotal, 10, $"sink={host.Sink(0)}", "format=json");
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_and_counts_each_drop()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (i, _) => i == 0 ? gate.Task : Task.CompletedTask;
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url) with { QueueCapacity = 4 });
        var sink = $"sink={host.Sink(0)}";

        host.Notifier.Publish(Samples.Step(0));
        await receiver.WaitForAsync(1); // #0 in flight, held by the receiver
        for (var i = 1; i <= 10; i++)
        {
            host.Notifier.Publish(Samples.Step(i));
        }

        host.Metric(DroppedTotal, sink).ShouldBe(6);
        host.Webhooks.Queued(0).ShouldBe(4);
        host.Logs.Entries.Count(e => e.Message.Contains("queue full (4)")).ShouldBe(1);

        gate.SetResult();
        var requests = await receiver.WaitForAsync(5);
        await host.WaitForMetricAsync(SentTotal, 5, sink, "format=json");
        Samples.StepsOf(requests).ShouldBe([0, 7, 8, 9, 10]);
        host.Metric(DroppedTotal, sink).ShouldBe(6);
    }
}
