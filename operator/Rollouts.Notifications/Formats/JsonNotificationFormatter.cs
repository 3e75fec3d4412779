using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Rollouts.Notifications.Formats;

/// <summary>
/// The <c>json</c> format: the versioned document <c>apiVersion: notifications.ml.rollouts.dev/v1</c>,
/// <c>kind: RolloutNotification</c>. Every member is always present (null when unknown), so receivers can rely on
/// the shape; new members may be added within v1, none is removed or changes meaning. docs/notifications.md shows it.
/// </summary>
public sealed class JsonNotificationFormatter : INotificationFormatter
{
    /// <summary>The document's apiVersion.</summary>
    public const string ApiVersion = "notifications.ml.rollouts.dev/v1";

    /// <summary>The document's kind.</summary>
    public const string Kind = "RolloutNotification";

    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        // Non-ASCII text (names, arrows in messages) stays readable; HTML-sensitive characters are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <inheritdoc />
    public NotificationFormat Format => NotificationFormat.Json;

    /// <inheritdoc />
    public byte[] Render(RolloutNotification notification, Guid id)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var n = notification;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", ApiVersion);
            w.WriteString("kind", Kind);
            w.WriteString("id", id);
            w.WriteString("time", Rfc3339.Format(n.Time));
            w.WriteString("reason", n.Reason);
            w.WriteString("type", n.Warning ? "Warning" : "Normal");
            w.WriteString("outcome", RolloutOutcomes.Name(RolloutOutcomes.Of(n)));
            w.WriteStartObject("modelDeployment");
            w.WriteString("namespace", n.Namespace);
            w.WriteString("name", n.Name);
            w.WriteEndObject();
            w.WriteString("model", n.Model);
            Revision(w, "stable", n.StableVersion, n.StableRevision);
            Revision(w, "canary", n.CanaryVersion, n.CanaryRevision);
            Number(w, "canaryWeight", n.CanaryWeight);
            Number(w, "stepIndex", n.StepIndex);
            w.WriteString("phase", n.Phase);
            w.WriteString("message", n.Message);
            if (n.Measurement is { } m)
            {
                w.WriteStartObject("measurement");
                w.WriteString("check", m.Check);
                Number(w, "value", m.Value);
                Number(w, "threshold", m.Threshold);
                w.WriteString("query", m.Query);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("measurement");
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Revision(Utf8JsonWriter w, string name, string? version, string? revision)
    {
        w.WriteStartObject(name);
        w.WriteString("version", version);
        w.WriteString("revision", revision);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        // JSON has no NaN or infinity: a value that is not finite is written as null.
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
