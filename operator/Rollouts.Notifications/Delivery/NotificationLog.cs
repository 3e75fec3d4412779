using Microsoft.Extensions.Logging;

namespace Rollouts.Notifications.Delivery;

/// <summary>The notifier's log messages. URLs appear only redacted (<see cref="WebhookAddress.Redact"/>).</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(1, LogLevel.Information, "notifications: {Count} webhook sink(s), format {Format}: {Sinks}")]
    public static partial void Started(ILogger logger, int count, string format, string sinks);

    [LoggerMessage(2, LogLevel.Debug, "notification sink {Sink} ({Url}): attempt {Attempt} failed ({Reason}{Status}: {Detail}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string sink, string url, int attempt, string reason, string status, string detail, double delayMs);

    [LoggerMessage(3, LogLevel.Warning, "notification sink {Sink} ({Url}): gave up on {Reason} notification for {Namespace}/{Name} after {Attempts} attempt(s): {Failure}{Status}: {Detail}")]
    public static partial void GaveUp(ILogger logger, string sink, string url, string reason, string @namespace, string name, int attempts, string failure, string status, string detail);

    [LoggerMessage(4, LogLevel.Warning, "notification sink {Sink} ({Url}): queue full ({Capacity}); dropping the oldest notifications until it delivers again")]
    public static partial void Dropping(ILogger logger, string sink, string url, int capacity);

    [LoggerMessage(5, LogLevel.Warning, "notifications: stopped with {Count} notification(s) not delivered (drain timeout {DrainMs} ms)")]
    public static partial void StoppedUndelivered(ILogger logger, int count, double drainMs);

    [LoggerMessage(6, LogLevel.Error, "notification sink {Sink} ({Url}): {Reason} notification for {Namespace}/{Name} could not be sent: {Error}")]
    public static partial void Unexpected(ILogger logger, string sink, string url, string reason, string @namespace, string name, string error);

    [LoggerMessage(7, LogLevel.Error, "notifications: Publish failed: {Error}")]
    public static partial void PublishFailed(ILogger logger, string error);
}
