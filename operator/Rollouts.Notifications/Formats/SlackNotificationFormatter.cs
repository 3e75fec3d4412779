using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rollouts.Notifications.Formats;

/// <summary>
/// The <c>slack</c> format: a Slack incoming-webhook message. <c>text</c> is a one-line headline (an emoji by
/// outcome, the ModelDeployment, the reason in words), used for notifications and as the fallback; one attachment
/// coloured by <see cref="RolloutOutcome"/> (failure red, success green, warning amber, info grey) carries Block Kit
/// blocks: the message, fields for model, phase, stable and canary (version and revision), canary weight and step,
/// the measurement with its query when there is one, and the time in the reader's time zone.
/// Text from the cluster is escaped as Slack asks (&amp;, &lt;, &gt;), so no name or message can mention
/// <c>@channel</c> or forge a link, and cut to Slack's block limits.
/// </summary>
public sealed class SlackNotificationFormatter : INotificationFormatter
{
    private const int SectionLimit = 3000;
    private const int FieldLimit = 2000;

    /// <inheritdoc />
    public NotificationFormat Format => NotificationFormat.Slack;

    /// <summary>The attachment colour of each outcome (hex, as Slack takes it).</summary>
    /// <param name="outcome">An outcome.</param>
    public static string Color(RolloutOutcome outcome) => outcome switch
    {
        RolloutOutcome.Failure => "#E01E5A",
        RolloutOutcome.Success => "#2EB67D",
        RolloutOutcome.Warning => "#ECB22E",
        _ => "#A0A0A0",
    };

    /// <summary>The headline's emoji of each outcome (Slack short names).</summary>
    /// <param name="outcome">An outcome.</param>
    public static string Emoji(RolloutOutcome outcome) => outcome switch
    {
        RolloutOutcome.Failure => ":rotating_light:",
        RolloutOutcome.Success => ":white_check_mark:",
        RolloutOutcome.Warning => ":warning:",
        _ => ":large_blue_circle:",
    };

    /// <summary>Escapes text for Slack's mrkdwn: &amp; &lt; &gt; become entities (Slack's control sequences start with &lt;).</summary>
    /// <param name="text">Text from the cluster.</param>
    public static string Escape(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>A reason in words: <c>ProgressDeadlineExceeded</c> → <c>progress deadline exceeded</c>.</summary>
    /// <param name="reason">A CamelCase reason.</param>
    public static string Words(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var sb = new StringBuilder(reason.Length + 8);
        for (var i = 0; i < reason.Length; i++)
        {
            var c = reason[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(reason[i - 1]))
            {
                sb.Append(' ');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <inheritdoc />
    public byte[] Render(RolloutNotification notification, Guid id)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var n = notification;
        var outcome = RolloutOutcomes.Of(n);
        var target = Escape($"{n.Namespace}/{n.Name}");
        var headline = $"{Emoji(outcome)} {target}: {Escape(Words(n.Reason))}";
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer, JsonNotificationFormatter.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("text", headline);
            w.WriteStartArray("attachments");
            w.WriteStartObject();
            w.WriteString("color", Color(outcome));
            w.WriteString("fallback", Cut($"{headline}: {Escape(n.Message)}", SectionLimit));
            w.WriteStartArray("blocks");

            Section(w, Cut($"*{Escape(Capitalised(Words(n.Reason)))}* · `{target}`\n{Escape(n.Message)}", SectionLimit));

            w.WriteStartObject();
            w.WriteString("type", "section");
            w.WriteStartArray("fields");
            Field(w, "Model", Escape(n.Model));
            Field(w, "Phase", Escape(n.Phase));
            Field(w, "Stable", Version(n.StableVersion, n.StableRevision));
            Field(w, "Canary", Version(n.CanaryVersion, n.CanaryRevision));
            Field(w, "Canary weight", n.CanaryWeight is { } weight ? string.Create(CultureInfo.InvariantCulture, $"{weight}%") : "—");
            Field(w, "Step", n.StepIndex is { } step ? step.ToString(CultureInfo.InvariantCulture) : "—");
            w.WriteEndArray();
            w.WriteEndObject();

            if (n.Measurement is { } m)
            {
                Section(w, Cut($"*{Escape(m.Check)}* {Number(m.Value)} (threshold {Number(m.Threshold)})\n```{Cut(Escape(m.Query), FieldLimit)}```", SectionLimit));
            }

            w.WriteStartObject();
            w.WriteString("type", "context");
            w.WriteStartArray("elements");
            Mrkdwn(w, $"<!date^{n.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}^{{date_short_pretty}} {{time_secs}}|{Rfc3339.Format(n.Time)}> · {Escape(n.Reason)} · Model Rollouts");
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Section(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "section");
        w.WritePropertyName("text");
        Mrkdwn(w, text);
        w.WriteEndObject();
    }

    private static void Field(Utf8JsonWriter w, string title, string value) => Mrkdwn(w, Cut($"*{title}*\n{value}", FieldLimit));

    private static void Mrkdwn(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "mrkdwn");
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static string Version(string? version, string? revision) => (version, revision) switch
    {
        (null, null) => "—",
        (_, null) => Escape(version),
        _ => $"{Escape(version ?? "?")} (`{Escape(revision)}`)",
    };

    private static string Number(double? value) =>
        value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "no value";

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Cut(string text, int limit) => text.Length <= limit ? text : text[..(limit - 1)] + "…";
}
