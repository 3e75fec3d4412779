namespace Rollouts.Notifications;

/// <summary>
/// The operator's notification settings (command-line flags and Helm values, never a tenant field; see
/// <see cref="NotificationCommandLine"/>). Only URLs are configured: no custom headers, no credentials; a receiver
/// that needs a secret takes it in the URL's path or query, as Slack's incoming webhooks do.
/// <see cref="NotificationOptionsValidator"/> says what is accepted.
/// </summary>
public sealed record NotificationOptions
{
    /// <summary>Absolute http(s) URLs to post to, one sink each (<c>--notify-webhook-url</c>, repeatable); empty: notifications are off.</summary>
    public IReadOnlyList<Uri> WebhookUrls { get; init; } = [];

    /// <summary>The body format, the same for every URL (<c>--notify-format</c>, default json).</summary>
    public NotificationFormat Format { get; init; } = NotificationFormat.Json;

    /// <summary>Notifications each sink holds while it cannot deliver (1–100000); when full the oldest is dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>The limit of one POST attempt, from connect to response headers (up to 5 minutes).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt (0–20) on transport errors, timeouts, 408, 429 and 5xx.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first retry's delay; each next one doubles, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts (up to 1 hour); it also caps a receiver's Retry-After.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long shutdown keeps delivering what is queued before it gives up on the rest (up to 5 minutes).</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
