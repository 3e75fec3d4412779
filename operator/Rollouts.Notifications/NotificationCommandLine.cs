using System.Globalization;

namespace Rollouts.Notifications;

/// <summary>
/// The operator's notification flags. The operator's command line (System.CommandLine) declares each flag of
/// <see cref="All"/>, collects the values given (in their order) and hands the pairs to <see cref="Parse"/>:
/// <c>--notify-webhook-url URL</c> (repeatable: one sink each), <c>--notify-format json|slack</c>,
/// <c>--notify-queue-capacity N</c>, <c>--notify-timeout D</c>, <c>--notify-max-retries N</c>,
/// <c>--notify-retry-delay D</c>, <c>--notify-retry-max-delay D</c>, <c>--notify-drain-timeout D</c>
/// (durations as <see cref="Rollouts.Api.Duration"/> reads them). A repeated single-valued flag keeps its last value
/// here; the operator's command line refuses one before it gets here.
/// </summary>
public static class NotificationCommandLine
{
    private static readonly NotificationOptions Defaults = new();

    /// <summary>
    /// Each flag <see cref="Parse"/> reads, with the placeholder of its value and the line the operator's
    /// <c>--help</c> shows; its default comes from <see cref="NotificationOptions"/> and its range from
    /// <see cref="NotificationOptionsValidator"/> (docs/notifications.md says more).
    /// </summary>
    public static IReadOnlyList<NotificationFlag> All { get; } =
    [
        new("--notify-webhook-url", "URL", "Post each rollout transition to this absolute http(s) URL; repeat for more sinks [default: none; notifications off]", Repeatable: true),
        new("--notify-format", "json|slack", $"The body posted to every URL [default: {Defaults.Format.ToString().ToLowerInvariant()}]"),
        new("--notify-queue-capacity", "N", Help("Notifications each sink holds while it cannot deliver", $"1-{Number(NotificationOptionsValidator.MaxQueueCapacity)}", Number(Defaults.QueueCapacity))),
        new("--notify-timeout", "DURATION", Help("Limit of one POST attempt", $"up to {Span(NotificationOptionsValidator.MaxTimeout)}", Span(Defaults.Timeout))),
        new("--notify-max-retries", "N", Help("Retries after the first attempt", $"0-{Number(NotificationOptionsValidator.MaxRetryCount)}", Number(Defaults.MaxRetries))),
        new("--notify-retry-delay", "DURATION", Help("First retry's delay; it doubles each time, with jitter", $"up to {Span(NotificationOptionsValidator.MaxRetryDelay)}", Span(Defaults.RetryBaseDelay))),
        new("--notify-retry-max-delay", "DURATION", Help("Longest wait between attempts, also caps Retry-After", $"up to {Span(NotificationOptionsValidator.MaxRetryDelay)}", Span(Defaults.RetryMaxDelay))),
        new("--notify-drain-timeout", "DURATION", Help("How long shutdown keeps delivering what is queued", $"0-{Span(NotificationOptionsValidator.MaxDrainTimeout)}", Span(Defaults.DrainTimeout))),
    ];

    /// <summary>The names of <see cref="All"/>: the flags <see cref="Parse"/> reads.</summary>
    public static IReadOnlySet<string> Flags { get; } = All.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Builds <see cref="NotificationOptions"/> from flag/value pairs (defaults for what is not given) and checks
    /// them with <see cref="NotificationOptionsValidator"/>. The result holds the options, or every error found.
    /// Errors never repeat a URL's path, query or user-info.
    /// </summary>
    /// <param name="flags">Each flag of <see cref="Flags"/> with its value (null or empty when the command line gave none).</param>
    public static NotificationOptionsResult Parse(IEnumerable<KeyValuePair<string, string?>> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var o = new NotificationOptions();
        var urls = new List<Uri>();
        var errors = new List<string>();
        foreach (var (flag, raw) in flags)
        {
            var value = raw?.Trim() ?? "";
            if (!Flags.Contains(flag))
            {
                errors.Add($"{flag} is not a notification flag");
                continue;
            }

            if (value.Length == 0)
            {
                errors.Add($"{flag} needs a value");
                continue;
            }

            switch (flag)
            {
                case "--notify-webhook-url":
                    if (Uri.TryCreate(value, UriKind.Absolute, out var url))
                    {
                        urls.Add(url);
                    }
                    else
                    {
                        errors.Add(string.Create(CultureInfo.InvariantCulture,
                            $"--notify-webhook-url #{urls.Count + 1} is not an absolute URL (expected http://host/… or https://host/…)"));
                    }

                    break;
                case "--notify-format":
                    if (ParseFormat(value) is { } format)
                    {
                        o = o with { Format = format };
                    }
                    else
                    {
                        errors.Add($"--notify-format: unknown format '{value}' (expected json or slack)");
                    }

                    break;
                case "--notify-queue-capacity":
                    o = Integer(flag, value, errors) is { } capacity ? o with { QueueCapacity = capacity } : o;
                    break;
                case "--notify-max-retries":
                    o = Integer(flag, value, errors) is { } retries ? o with { MaxRetries = retries } : o;
                    break;
                case "--notify-timeout":
                    o = Duration(flag, value, errors) is { } timeout ? o with { Timeout = timeout } : o;
                    break;
                case "--notify-retry-delay":
                    o = Duration(flag, value, errors) is { } delay ? o with { RetryBaseDelay = delay } : o;
                    break;
                case "--notify-retry-max-delay":
                    o = Duration(flag, value, errors) is { } max ? o with { RetryMaxDelay = max } : o;
                    break;
                case "--notify-drain-timeout":
                    o = Duration(flag, value, errors) is { } drain ? o with { DrainTimeout = drain } : o;
                    break;
            }
        }

        o = o with { WebhookUrls = urls };
        errors.AddRange(NotificationOptionsValidator.Validate(o));
        return errors.Count == 0 ? new NotificationOptionsResult(o, []) : new NotificationOptionsResult(null, errors);
    }

    /// <summary>Reads <c>json</c> or <c>slack</c> (any case); null for anything else.</summary>
    /// <param name="value">The flag's value.</param>
    public static NotificationFormat? ParseFormat(string value) => value.ToLowerInvariant() switch
    {
        "json" => NotificationFormat.Json,
        "slack" => NotificationFormat.Slack,
        _ => null,
    };

    private static int? Integer(string flag, string value, List<string> errors)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        errors.Add($"{flag}: '{value}' is not a whole number");
        return null;
    }

    private static TimeSpan? Duration(string flag, string value, List<string> errors)
    {
        if (Rollouts.Api.Duration.TryParse(value, out var d))
        {
            return d;
        }

        errors.Add($"{flag}: '{value}' is not a duration (e.g. 500ms, 10s, 1m30s)");
        return null;
    }

    private static string Help(string what, string range, string defaultValue) => $"{what}, {range} [default: {defaultValue}]";

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Span(TimeSpan span) => Rollouts.Api.Duration.Format(span);
}
