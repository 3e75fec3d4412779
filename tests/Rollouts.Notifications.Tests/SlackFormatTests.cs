using System.Text.Json;
using Rollouts.Notifications.Formats;

namespace Rollouts.Notifications.Tests;

public sealed class SlackFormatTests
{
    private static JsonElement Render(RolloutNotification n) =>
        JsonDocument.Parse(new SlackNotificationFormatter().Render(n, Guid.NewGuid())).RootElement.Clone();

    private static JsonElement Attachment(JsonElement message) => message.GetProperty("attachments").EnumerateArray().Single();

    private static JsonElement[] Blocks(JsonElement message) => Attachment(message).GetProperty("blocks").EnumerateArray().ToArray();

    /// <summary>The fields section as title → value ("*Title*\nvalue").</summary>
    private static Dictionary<string, string> Fields(JsonElement message) =>
        Blocks(message).Single(b => b.TryGetProperty("fields", out _)).GetProperty("fields").EnumerateArray()
            .Select(f => f.GetProperty("text").GetString()!.Split('\n', 2))
            .ToDictionary(p => p[0].Trim('*'), p => p[1]);

    [Fact]
    public void A_rollback_is_red_and_shows_the_deployment_versions_weight_message_and_measurement()
    {
        var message = Render(Samples.RolledBack());

        message.GetProperty("text").GetString().ShouldBe(":rotating_light: ml/iris: rolled back");
        var attachment = Attachment(message);
        attachment.GetProperty("color").GetString().ShouldBe("#E01E5A");
        attachment.GetProperty("fallback").GetString()!.ShouldContain("errorRate 0.134 &gt; max 0.01");

        var blocks = Blocks(message);
        blocks.ShouldAllBe(b => b.GetProperty("type").GetString() == "section" || b.GetProperty("type").GetString() == "context");
        var headline = blocks[0].GetProperty("text");
        headline.GetProperty("type").GetString().ShouldBe("mrkdwn");
        headline.GetProperty("text").GetString().ShouldBe("*Rolled back* · `ml/iris`\ntraffic is back on stable v1 (AnalysisFailed: errorRate 0.134 &gt; max 0.01)");

        Fields(message).ShouldBe(new Dictionary<string, string>
        {
            ["Model"] = "iris",
            ["Phase"] = "Degraded",
            ["Stable"] = "v1 (`6d5f7c9b8`)",
            ["Canary"] = "v2 (`7f8e9d0a1`)",
            ["Canary weight"] = "0%",
            ["Step"] = "1",
        });

        var measurement = blocks[2].GetProperty("text").GetProperty("text").GetString()!;
        measurement.ShouldStartWith("*errorRate* 0.134 (threshold 0.01)\n```sum(rate(inference_requests_total{namespace=\"ml\",code=~\"5..\"}[1m]))");
        measurement.ShouldEndWith("&gt; 0```");

        var context = blocks[^1];
        context.GetProperty("type").GetString().ShouldBe("context");
        context.GetProperty("elements")[0].GetProperty("text").GetString()
            .ShouldBe($"<!date^{Samples.Time.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time_secs}}|2026-12-01T10:15:30Z> · RolledBack · Model Rollouts");
    }

    [Theory]
    [InlineData("RolloutCompleted", false, "#2EB67D", ":white_check_mark:")]
    [InlineData("Promoted", false, "#2EB67D", ":white_check_mark:")]
    [InlineData("RolloutAborted", true, "#E01E5A", ":rotating_light:")]
    [InlineData("ProgressDeadlineExceeded", true, "#E01E5A", ":rotating_light:")]
    [InlineData("AnalysisInconclusive", false, "#ECB22E", ":warning:")]
    [InlineData("RolloutStarted", false, "#A0A0A0", ":large_blue_circle:")]
    [InlineData("RolloutPaused", false, "#A0A0A0", ":large_blue_circle:")]
    public void Colour_and_emoji_follow_the_outcome(string reason, bool warning, string color, string emoji)
    {
        var message = Render(Samples.With(reason, warning));
        Attachment(message).GetProperty("color").GetString().ShouldBe(color);
        message.GetProperty("text").GetString()!.ShouldStartWith(emoji + " ml/iris: ");
    }

    [Fact]
    public void Unknown_versions_weight_and_step_show_a_dash_and_no_measurement_block()
    {
        var message = Render(Samples.Started());
        var fields = Fields(message);
        fields["Stable"].ShouldBe("—");
        fields["Canary"].ShouldBe("? (`6d5f7c9b8`)");
        fields["Canary weight"].ShouldBe("—");
        fields["Step"].ShouldBe("—");
        Blocks(message).Length.ShouldBe(3);
    }

    [Fact]
    public void Text_from_the_cluster_cannot_mention_channel_or_forge_a_link()
    {
        var n = Samples.Started() with { Message = "<!channel> see <https://evil.example|docs> & more", Model = "<@U123>" };
        var message = Render(n);

        Blocks(message)[0].GetProperty("text").GetProperty("text").GetString()!
            .ShouldEndWith("&lt;!channel&gt; see &lt;https://evil.example|docs&gt; &amp; more");
        Fields(message)["Model"].ShouldBe("&lt;@U123&gt;");
        var texts = Strings(message).ToArray();
        texts.ShouldNotContain(t => t.Contains("<!channel>") || t.Contains("<@U123>") || t.Contains("<https://evil"));
    }

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [Fact]
    public void A_long_message_is_cut_to_slacks_section_limit()
    {
        var message = Render(Samples.Started() with { Message = new string('x', 10_000) });
        var text = Blocks(message)[0].GetProperty("text").GetProperty("text").GetString()!;
        text.Length.ShouldBe(3000);
        text.ShouldEndWith("x…");
    }

    [Theory]
    [InlineData("RolledBack", "rolled back")]
    [InlineData("ProgressDeadlineExceeded", "progress deadline exceeded")]
    [InlineData("RolloutStarted", "rollout started")]
    public void Reasons_read_as_words(string reason, string words) => SlackNotificationFormatter.Words(reason).ShouldBe(words);
}
