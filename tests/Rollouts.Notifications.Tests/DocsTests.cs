using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rollouts.Notifications.Formats;
using Rollouts.Notifications.Metrics;

namespace Rollouts.Notifications.Tests;

/// <summary>docs/notifications.md stays true: its two payload examples are what the formatters write, and its tables name every flag and metric.</summary>
public sealed partial class DocsTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "notifications.md"));

    [Fact]
    public void The_json_example_is_what_the_json_format_writes_for_it()
    {
        var (example, notification, id) = JsonExample();
        Same(new JsonNotificationFormatter().Render(notification, id), example);
    }

    [Fact]
    public void The_slack_example_is_what_the_slack_format_writes_for_the_same_notification()
    {
        var (_, notification, id) = JsonExample();
        Same(new SlackNotificationFormatter().Render(notification, id), JsonBlocks()[1]);
    }

    [Fact]
    public void Every_flag_and_metric_is_documented()
    {
        foreach (var flag in NotificationCommandLine.Flags)
        {
            Doc.ShouldContain($"`{flag} ");
        }

        foreach (var metric in new[]
        {
            PrometheusNotificationMetrics.SentTotal, PrometheusNotificationMetrics.FailedTotal, PrometheusNotificationMetrics.DroppedTotal,
            PrometheusNotificationMetrics.GivenUpTotal, PrometheusNotificationMetrics.SendDurationSeconds,
        })
        {
            Doc.ShouldContain($"| `{metric}` |");
        }
    }

    private static (string Json, RolloutNotification Notification, Guid Id) JsonExample()
    {
        var json = JsonBlocks()[0];
        var e = JsonDocument.Parse(json).RootElement;
        string? S(JsonElement x, string name) => x.GetProperty(name).GetString();
        int? I(string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetInt32();
        var m = e.GetProperty("measurement");
        var notification = new RolloutNotification(
            S(e, "reason")!, S(e, "type") == "Warning", S(e.GetProperty("modelDeployment"), "namespace")!, S(e.GetProperty("modelDeployment"), "name")!,
            S(e, "model")!, S(e.GetProperty("stable"), "version"), S(e.GetProperty("canary"), "version"), S(e.GetProperty("stable"), "revision"),
            S(e.GetProperty("canary"), "revision"), I("canaryWeight"), I("stepIndex"), S(e, "phase")!, S(e, "message")!,
            DateTimeOffset.Parse(S(e, "time")!, System.Globalization.CultureInfo.InvariantCulture),
            new NotificationMeasurement(S(m, "check")!, m.GetProperty("value").GetDouble(), m.GetProperty("threshold").GetDouble(), S(m, "query")!));
        return (json, notification, e.GetProperty("id").GetGuid());
    }

    private static void Same(byte[] rendered, string documented)
    {
        var actual = JsonNode.Parse(rendered);
        var expected = JsonNode.Parse(documented);
        JsonNode.DeepEquals(actual, expected).ShouldBeTrue($"docs/notifications.md shows\n{expected}\nbut the formatter writes\n{actual}");
    }

    private static string[] JsonBlocks() => JsonBlock().Matches(Doc).Select(m => m.Groups[1].Value).ToArray();

    [GeneratedRegex("```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rollouts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Rollouts.sln not found above " + AppContext.BaseDirectory);
    }
}
