using System.Net;
using System.Net.Sockets;
using static Rollouts.Notifications.Metrics.PrometheusNotificationMetrics;

namespace Rollouts.Notifications.Tests;

/// <summary>Retries on a FakeTimeProvider: each test waits until the notifier sleeps on a backoff timer, then advances past it.</summary>
public sealed class RetryTests
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    private static bool IsBackoff(TimeSpan due) => due != AttemptTimeout;

    [Fact]
    public async Task Two_503s_then_200_is_one_delivery_after_two_counted_failures()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerInTurn(503, 503);
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url));
        var sink = $"sink={host.Sink(0)}";

        host.Notifier.Publish(Samples.RolledBack());

        await receiver.WaitForAsync(1);
        var first = await host.Clock.WaitForTimerAsync(IsBackoff, 1);
        first.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
        host.Clock.Advance(first);
        await receiver.WaitForAsync(2);
        host.Clock.Advance(await host.Clock.WaitForTimerAsync(IsBackoff, 2));
        var requests = await receiver.WaitForAsync(3);

        await host.WaitForMetricAsync(SentTotal, 1, sink, "format=json");
        requests.Select(r => r.Body).Distinct().ShouldHaveSingleItem();
        host.Metric(FailedTotal, sink, "reason=http_5xx").ShouldBe(2);
        host.Metric(GivenUpTotal, sink).ShouldBe(0);
    }

    [Fact]
    public async Task A_400_is_not_retried_and_the_sink_goes_on_with_the_next()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerInTurn(400);
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url));
        var sink = $"sink={host.Sink(0)}";

        host.Notifier.Publish(Samples.Step(1));
        host.Notifier.Publish(Samples.Step(2));

        var requests = await receiver.WaitForAsync(2);
        await host.WaitForMetricAsync(SentTotal, 1, sink, "format=json");
        requests[0].Body.ShouldContain("n=1");
        requests[1].Body.ShouldContain("n=2");
        host.Metric(FailedTotal, sink, "reason=http_4xx").ShouldBe(1);
        host.Metric(GivenUpTotal, sink).ShouldBe(1);
        host.Clock.Timers.Where(IsBackoff).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(429, "7", 60, 7)]
    [InlineData(503, "3600", 30, 30)]
    public async Task A_retry_waits_for_the_receivers_retry_after_up_to_the_cap(int status, string retryAfter, int capSeconds, int expectedSeconds)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (i, ctx) =>
        {
            if (i == 0)
            {
                ctx.Response.StatusCode = status;
                ctx.Response.Headers.RetryAfter = retryAfter;
            }

            return Task.CompletedTask;
        };
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url) with { RetryMaxDelay = TimeSpan.FromSeconds(capSeconds) });
        var sink = $"sink={host.Sink(0)}";

        host.Notifier.Publish(Samples.RolledBack());

        (await host.Clock.WaitForTimerAsync(IsBackoff)).ShouldBe(TimeSpan.FromSeconds(expectedSeconds));
        host.Clock.Advance(TimeSpan.FromSeconds(expectedSeconds));
        await receiver.WaitForAsync(2);
        await host.WaitForMetricAsync(SentTotal, 1, sink, "format=json");
        host.Metric(FailedTotal, sink, $"reason=http_{status / 100}xx").ShouldBe(1);
    }

    [Fact]
    public async Task When_retries_are_spent_the_notification_is_given_up()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerInTurn(500, 502, 504, 500, 500);
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url) with { MaxRetries = 2 });
        var sink = $"sink={host.Sink(0)}";

        host.Notifier.Publish(Samples.RolledBack());
        for (var retry = 1; retry <= 2; retry++)
        {
            host.Clock.Advance(await host.Clock.WaitForTimerAsync(IsBackoff, retry));
        }

        await host.WaitForMetricAsync(GivenUpTotal, 1, sink);
        receiver.Requests.Count.ShouldBe(3);
        host.Metric(FailedTotal, sink, "reason=http_5xx").ShouldBe(3);
        host.Metric(SentTotal, sink, "format=json").ShouldBe(0);
        host.Logs.Entries.ShouldContain(e => e.Message.Contains("gave up on RolledBack notification for ml/iris after 3 attempt(s): http_5xx, HTTP 504: scripted 504"));
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_costs_timeouts_and_is_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.NeverAnswer();
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.Url) with { MaxRetries = 1 });
        var sink = $"sink={host.Sink(0)}";

        host.Notifier.Publish(Samples.RolledBack());

        await receiver.WaitForAsync(1);
        await host.Clock.WaitForTimerAsync(due => due == AttemptTimeout, 1);
        host.Clock.Advance(AttemptTimeout);
        await host.WaitForMetricAsync(FailedTotal, 1, sink, "reason=timeout");
        host.Clock.Advance(await host.Clock.WaitForTimerAsync(IsBackoff));
        await receiver.WaitForAsync(2);
        await host.Clock.WaitForTimerAsync(due => due == AttemptTimeout, 2);
        host.Clock.Advance(AttemptTimeout);

        await host.WaitForMetricAsync(GivenUpTotal, 1, sink);
        host.Metric(FailedTotal, sink, "reason=timeout").ShouldBe(2);
    }

    [Fact]
    public async Task A_receiver_that_is_not_listening_is_a_transport_failure()
    {
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(new Uri($"http://127.0.0.1:{ClosedPort()}/hook")) with { MaxRetries = 0 });
        var sink = $"sink={host.Sink(0)}";

        host.Notifier.Publish(Samples.RolledBack());

        await host.WaitForMetricAsync(GivenUpTotal, 1, sink);
        host.Metric(FailedTotal, sink, "reason=transport").ShouldBe(1);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_not_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (i, ctx) =>
        {
            if (ctx.Request.Path == "/hook")
            {
                ctx.Response.StatusCode = 307;
                ctx.Response.Headers.Location = receiver.At("elsewhere").AbsoluteUri;
            }

            return Task.CompletedTask;
        };
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.At("hook")));
        var sink = $"sink={host.Sink(0)}";

        host.Notifier.Publish(Samples.RolledBack());
        host.Notifier.Publish(Samples.Completed());

        await host.WaitForMetricAsync(GivenUpTotal, 2, sink);
        receiver.Requests.Select(r => r.PathAndQuery).ShouldBe(["/hook", "/hook"]);
        host.Metric(FailedTotal, sink, "reason=http_3xx").ShouldBe(2);
    }

    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
