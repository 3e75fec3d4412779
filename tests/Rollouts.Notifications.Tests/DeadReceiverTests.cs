using static Rollouts.Notifications.Metrics.PrometheusNotificationMetrics;

namespace Rollouts.Notifications.Tests;

/// <summary>
/// A dead receiver only costs counted errors: Publish keeps returning (shown by publishing far more than the queue
/// holds and finding exactly the overflow counted as dropped, not by timing), and a healthy sink keeps delivering.
/// </summary>
public sealed class DeadReceiverTests
{
    private const int Capacity = 8;

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_up_publish_or_the_healthy_sink()
    {
        await using var dead = await WebhookReceiver.StartAsync();
        dead.NeverAnswer();
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(dead.Url, healthy.Url) with { QueueCapacity = Capacity });

        host.Notifier.Publish(Samples.Step(0));
        await dead.WaitForAsync(1); // the dead sink's loop now holds #0 in flight
        await healthy.WaitForAsync(1);

        const int more = 1000;
        for (var i = 1; i <= more; i++)
        {
            host.Notifier.Publish(Samples.Step(i));
        }

        // Every Publish returned although the dead sink took none: its queue holds the newest Capacity, the rest were dropped.
        host.Webhooks.Queued(0).ShouldBe(Capacity);
        host.Metric(DroppedTotal, $"sink={host.Sink(0)}").ShouldBe(more - Capacity);

        // The healthy sink delivers what its own queue kept, in order, ending with the newest.
        await Eventually.TrueAsync(
            () => healthy.Requests.Count + host.Metric(DroppedTotal, $"sink={host.Sink(1)}") == more + 1 && host.Webhooks.Queued(1) == 0,
            "the healthy sink to deliver or count every notification");
        var steps = Samples.StepsOf(healthy.Requests);
        steps.ShouldBeInOrder(SortDirection.Ascending);
        steps[^1].ShouldBe(more);

        // It keeps delivering while the dead one is still stuck.
        host.Notifier.Publish(Samples.Step(more + 1));
        await Eventually.TrueAsync(() => Samples.StepsOf(healthy.Requests)[^1] == more + 1, "the next notification at the healthy sink");
        dead.Requests.Count.ShouldBe(1);

        // And the dead one's errors are counted once its timeout passes.
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        await host.WaitForMetricAsync(FailedTotal, 1, $"sink={host.Sink(0)}", "reason=timeout");
    }

    [Fact]
    public async Task A_receiver_that_is_not_listening_only_costs_counted_errors_and_drops()
    {
        await using var healthy = await WebhookReceiver.StartAsync();
        var closed = new Uri($"http://127.0.0.1:{RetryTests.ClosedPort()}/hook");
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(closed, healthy.Url) with { QueueCapacity = Capacity });
        var deadSink = $"sink={host.Sink(0)}";

        host.Notifier.Publish(Samples.Step(0));
        await host.WaitForMetricAsync(FailedTotal, 1, deadSink, "reason=transport"); // #0 in flight, waiting on a backoff timer

        for (var i = 1; i <= 20; i++)
        {
            host.Notifier.Publish(Samples.Step(i));
        }

        host.Metric(DroppedTotal, deadSink).ShouldBe(20 - Capacity);
        host.Webhooks.Queued(0).ShouldBe(Capacity);
        await Eventually.TrueAsync(() => Samples.StepsOf(healthy.Requests).LastOrDefault() == 20, "the healthy sink to get the newest notification");
    }
}
