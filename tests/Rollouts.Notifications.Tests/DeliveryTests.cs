using System.Text.Json;
using static Rollouts.Notifications.Metrics.PrometheusNotificationMetrics;

namespace Rollouts.Notifications.Tests;

/// <summary>Bodies as a real HTTP receiver got them.</summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task The_json_document_arrives_as_posted_json_at_the_configured_path_and_query()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.At("hooks/rollouts?team=ml")));

        host.Notifier.Publish(Samples.RolledBack());

        var request = (await receiver.WaitForAsync(1)).Single();
        request.Method.ShouldBe("POST");
        request.PathAndQuery.ShouldBe("/hooks/rollouts?team=ml");
        request.ContentType.ShouldBe("application/json; charset=utf-8");
        request.UserAgent.ShouldStartWith("model-rollouts-notifier/");
        using var doc = JsonDocument.Parse(request.Body);
        var root = doc.RootElement;
        root.GetProperty("apiVersion").GetString().ShouldBe("notifications.ml.rollouts.dev/v1");
        root.GetProperty("reason").GetString().ShouldBe("RolledBack");
        root.GetProperty("modelDeployment").GetProperty("name").GetString().ShouldBe("iris");
        root.GetProperty("canary").GetProperty("version").GetString().ShouldBe("v2");
        root.GetProperty("measurement").GetProperty("value").GetDouble().ShouldBe(0.134);
        root.GetProperty("id").GetGuid().Version.ShouldBe(7);
        await host.WaitForMetricAsync(SentTotal, 1, $"sink={host.Sink(0)}", "format=json");
    }

    [Fact]
    public async Task The_slack_message_arrives_as_posted_json()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(receiver.At("services/T0/B0/x")) with { Format = NotificationFormat.Slack });

        host.Notifier.Publish(Samples.Completed());

        var request = (await receiver.WaitForAsync(1)).Single();
        request.ContentType.ShouldBe("application/json; charset=utf-8");
        using var doc = JsonDocument.Parse(request.Body);
        doc.RootElement.GetProperty("text").GetString().ShouldBe(":white_check_mark: ml/iris: rollout completed");
        var attachment = doc.RootElement.GetProperty("attachments")[0];
        attachment.GetProperty("color").GetString().ShouldBe("#2EB67D");
        attachment.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString()
            .ShouldBe("*Rollout completed* · `ml/iris`\nv2 is available (2/2 replicas)");
        await host.WaitForMetricAsync(SentTotal, 1, $"sink={host.Sink(0)}", "format=slack");
    }

    [Fact]
    public async Task Every_sink_gets_the_notification_with_the_same_id()
    {
        await using var a = await WebhookReceiver.StartAsync();
        await using var b = await WebhookReceiver.StartAsync();
        await using var host = await NotifierHost.StartAsync(NotifierHost.Options(a.At("a"), b.At("b")));

        host.Notifier.Publish(Samples.Started());

        var idA = JsonDocument.Parse((await a.WaitForAsync(1))[0].Body).RootElement.GetProperty("id").GetGuid();
        var idB = JsonDocument.Parse((await b.WaitForAsync(1))[0].Body).RootElement.GetProperty("id").GetGuid();
        idA.ShouldBe(idB);
        host.Webhooks.Sinks.ShouldBe([$"0-{a.Url.Authority}", $"1-{b.Url.Authority}"]);
    }
}
