using System.Globalization;
using Rollouts.Api;

namespace Rollouts.Notifications;

/// <summary>Checks <see cref="NotificationOptions"/>; each error names the flag and what is wrong, never a URL's secret parts.</summary>
public static class NotificationOptionsValidator
{
    /// <summary>The largest <see cref="NotificationOptions.QueueCapacity"/>.</summary>
    public const int MaxQueueCapacity = 100_000;

    /// <summary>The largest <see cref="NotificationOptions.MaxRetries"/>.</summary>
    public const int MaxRetryCount = 20;

    /// <summary>The longest <see cref="NotificationOptions.Timeout"/>: 5 minutes.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The longest <see cref="NotificationOptions.RetryBaseDelay"/> and <see cref="NotificationOptions.RetryMaxDelay"/>: 1 hour.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>The longest <see cref="NotificationOptions.DrainTimeout"/>: 5 minutes.</summary>
    public static readonly TimeSpan MaxDrainTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The errors of <paramref name="options"/>, empty when it can be used: a URL that is not absolute, not http(s),
    /// has no host, carries user-info or is given twice; a capacity, retry count or duration out of its range.
    /// </summary>
    /// <param name="options">The options to check.</param>
    public static IReadOnlyList<string> Validate(NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.WebhookUrls.Count; i++)
        {
            var url = options.WebhookUrls[i];
            var which = string.Create(CultureInfo.InvariantCulture, $"--notify-webhook-url #{i + 1}");
            if (UrlError(url) is { } error)
            {
                errors.Add($"{which}: {error}");
            }
            else if (!seen.Add(url.AbsoluteUri))
            {
                errors.Add($"{which} ({WebhookAddress.Redact(url)}) is given twice: each URL would be posted to twice");
            }
        }

        if (!Enum.IsDefined(options.Format))
        {
            errors.Add($"--notify-format: unknown format {(int)options.Format} (expected json or slack)");
        }

        Range(errors, "--notify-queue-capacity", options.QueueCapacity, 1, MaxQueueCapacity);
        Range(errors, "--notify-max-retries", options.MaxRetries, 0, MaxRetryCount);
        Range(errors, "--notify-timeout", options.Timeout, TimeSpan.FromMilliseconds(1), MaxTimeout);
        Range(errors, "--notify-retry-delay", options.RetryBaseDelay, TimeSpan.FromMilliseconds(1), MaxRetryDelay);
        Range(errors, "--notify-retry-max-delay", options.RetryMaxDelay, TimeSpan.FromMilliseconds(1), MaxRetryDelay);
        Range(errors, "--notify-drain-timeout", options.DrainTimeout, TimeSpan.Zero, MaxDrainTimeout);
        if (options.RetryBaseDelay > options.RetryMaxDelay)
        {
            errors.Add($"--notify-retry-delay ({Duration.Format(options.RetryBaseDelay)}) is longer than --notify-retry-max-delay ({Duration.Format(options.RetryMaxDelay)})");
        }

        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds errors.</summary>
    /// <param name="options">The options to check.</param>
    /// <exception cref="ArgumentException">The message lists every error.</exception>
    public static void ThrowIfInvalid(NotificationOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid notification options: " + string.Join("; ", errors), nameof(options));
        }
    }

    private static string? UrlError(Uri? url)
    {
        if (url is null)
        {
            return "is empty";
        }

        if (!url.IsAbsoluteUri)
        {
            return "is not an absolute URL (expected http://host/… or https://host/…)";
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            return $"scheme '{url.Scheme}' is not http or https";
        }

        if (url.Host.Length == 0)
        {
            return "has no host";
        }

        if (url.UserInfo.Length > 0)
        {
            return $"({WebhookAddress.Redact(url)}) carries user-info (user:password@): credentials in a URL end up in logs and process listings; use a receiver that takes its token in the path or query";
        }

        return null;
    }

    private static void Range<T>(List<string> errors, string flag, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add($"{flag}: {Show(value)} is out of range ({Show(min)} to {Show(max)})");
        }
    }

    private static string Show<T>(T value) =>
        value is TimeSpan t ? Duration.Format(t) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
