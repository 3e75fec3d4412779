using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Polly.Retry;
using Polly;
using Rollouts.Api;
using Rollouts.Notifications.Metrics;

namespace Rollouts.Notifications.Delivery;

/// <summary>
/// Posts one body to one webhook URL: one attempt chain of at most 1 + MaxRetries POSTs, each under the
/// per-attempt timeout, with exponential backoff and jitter between them (Polly, on the injected TimeProvider).
/// Every attempt is counted (sent, or failed with its reason) and timed.
/// </summary>
internal sealed class WebhookPoster
{
    private const int DetailLimit = 200;

    private readonly Uri url;
    private readonly string sink;
    private readonly string redacted;
    private readonly NotificationOptions options;
    private readonly IHttpClientFactory clients;
    private readonly INotificationMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ResiliencePipeline<AttemptResult> pipeline;

    public WebhookPoster(Uri url, string sink, NotificationOptions options, IHttpClientFactory clients, INotificationMetrics metrics,
        TimeProvider time, ILogger logger)
    {
        this.url = url;
        this.sink = sink;
        redacted = WebhookAddress.Redact(url);
        this.options = options;
        this.clients = clients;
        this.metrics = metrics;
        this.time = time;
        this.logger = logger;
        pipeline = BuildPipeline();
    }

    /// <summary>Posts <paramref name="body"/> until delivered or out of attempts; returns the last attempt and how many were made.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (shutdown).</exception>
    public async Task<(AttemptResult Last, int Attempts)> PostAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var attempts = 0;
        var last = await pipeline.ExecuteAsync(
            async token =>
            {
                attempts++;
                return await AttemptAsync(body, token).ConfigureAwait(false);
            },
            ct).ConfigureAwait(false);
        return (last, attempts);
    }

    private ResiliencePipeline<AttemptResult> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time };
        if (options.MaxRetries == 0)
        {
            return builder.Build();
        }

        var cap = options.RetryMaxDelay;
        return builder.AddRetry(new RetryStrategyOptions<AttemptResult>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = cap,
            // Attempts report failures as values; an exception here is shutdown (or a bug) and is never retried.
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Retryable: true }),
            // A receiver's Retry-After replaces the backoff, capped at RetryMaxDelay.
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result?.RetryAfter is { } after ? (TimeSpan?)(after > cap ? cap : after) : null),
            OnRetry = args =>
            {
                if (args.Outcome.Result is { } r)
                {
                    NotificationLog.Retrying(logger, sink, redacted, args.AttemptNumber + 1, Reason(r), Status(r), r.Detail, args.RetryDelay.TotalMilliseconds);
                }

                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private async ValueTask<AttemptResult> AttemptAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var started = time.GetTimestamp();
        AttemptResult result;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            var client = clients.CreateClient(WebhookNotifier.HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var detail = status is >= 200 and < 300 ? "" : await BodyStartAsync(response, linked.Token).ConfigureAwait(false);
            result = AttemptResult.FromStatus(response.StatusCode, RetryAfter(response.Headers.RetryAfter), detail);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = new AttemptResult(DeliveryFailure.Timeout, true, null, null, $"no response within {Duration.Format(options.Timeout)}");
        }
        catch (HttpRequestException e)
        {
            result = new AttemptResult(DeliveryFailure.Transport, true, null, null, Scrub(e.Message));
        }

        metrics.AttemptDuration(sink, time.GetElapsedTime(started).TotalSeconds);
        if (result.IsDelivered)
        {
            metrics.Sent(sink, options.Format);
        }
        else
        {
            metrics.Failed(sink, result.Failure!.Value);
        }

        return result;
    }

    /// <summary>Reason text of a failed attempt for logs (the metric's label).</summary>
    public static string Reason(AttemptResult r) => r.Failure is { } f ? PrometheusNotificationMetrics.ReasonLabel(f) : "delivered";

    /// <summary>", HTTP 503" for logs, or nothing when no response came.</summary>
    public static string Status(AttemptResult r) => r.Status is { } s ? string.Create(CultureInfo.InvariantCulture, $", HTTP {(int)s}") : "";

    /// <summary>Removes the URL's path and query from <paramref name="text"/> (an error message may quote the request URI).</summary>
    public string Scrub(string text)
    {
        var scrubbed = text.Replace(url.OriginalString, redacted, StringComparison.Ordinal).Replace(url.AbsoluteUri, redacted, StringComparison.Ordinal);
        return url.PathAndQuery.Length > 1 ? scrubbed.Replace(url.PathAndQuery, "/…", StringComparison.Ordinal) : scrubbed;
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    // The start of an error response's body (Slack answers e.g. "invalid_payload" or "no_service"), printable only.
    private static async Task<string> BodyStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var buffer = new byte[DetailLimit * 2];
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var read = 0;
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false) is var n and > 0)
            {
                read += n;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, read);
            var printable = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
            return printable.Length == 0 ? "(empty body)" : printable.Length <= DetailLimit ? printable : printable[..DetailLimit] + "…";
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return "(body unreadable)";
        }
    }
}
