using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Rollouts.Analysis.Prometheus;

/// <summary>
/// Instant queries against the Prometheus HTTP API: <c>POST /api/v1/query</c> with form fields <c>query</c> and
/// <c>time</c> (Unix seconds). Each try has a timeout; transport errors, timeouts, 429 and 5xx are retried with
/// exponential jittered backoff; a circuit breaker stops hammering a Prometheus that keeps failing (Polly.Core).
/// Every failure becomes a <see cref="QueryOutcome.Error"/> result.
/// </summary>
public sealed partial class PrometheusClient : IPrometheusClient
{
    private readonly HttpClient http;
    private readonly PrometheusClientOptions options;
    private readonly ResiliencePipeline pipeline;
    private readonly Uri queryUri;
    private readonly ILogger logger;

    /// <summary>Creates the client.</summary>
    /// <param name="http">The HTTP client to send with (its own timeout should be infinite or longer than the pipeline's).</param>
    /// <param name="options">Address, timeouts, retry and breaker settings.</param>
    /// <param name="time">Clock for the pipeline's delays, timeouts and breaker.</param>
    /// <param name="logger">Logger for failed tries.</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">Options out of Polly's ranges (e.g. a breaker ratio above 1, a timeout under 10 ms).</exception>
    public PrometheusClient(HttpClient http, PrometheusClientOptions options, TimeProvider time, ILogger<PrometheusClient> logger)
    {
        this.http = http;
        this.options = options;
        this.logger = logger;
        var baseText = options.Address.AbsoluteUri.EndsWith('/') ? options.Address.AbsoluteUri : options.Address.AbsoluteUri + "/";
        queryUri = new Uri(new Uri(baseText), "api/v1/query");
        var handled = new PredicateBuilder()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .Handle<PrometheusTransientException>();
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = handled,
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        pipeline = builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = handled,
                FailureRatio = options.BreakerFailureRatio,
                SamplingDuration = options.BreakerSamplingDuration,
                MinimumThroughput = Math.Max(2, options.BreakerMinimumThroughput),
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(options.PerTryTimeout)
            .Build();
    }

    /// <inheritdoc />
    public async Task<QueryResult> QueryAsync(string query, DateTimeOffset time, CancellationToken ct)
    {
        var unixSeconds = (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
        try
        {
            return await pipeline.ExecuteAsync(
                async token => await SendAsync(query, unixSeconds, token).ConfigureAwait(false),
                ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException e)
        {
            LogQueryFailed(logger, query, e.Message);
            return QueryResult.Failure($"Prometheus unreachable or failing: circuit open after repeated failures, no query sent for up to {options.BreakDuration.TotalSeconds:0.###}s");
        }
        catch (TimeoutRejectedException)
        {
            LogQueryFailed(logger, query, "timed out");
            return QueryResult.Failure($"Prometheus did not answer within {options.PerTryTimeout.TotalSeconds:0.###}s ({options.MaxRetries + 1} tries)");
        }
        catch (Exception e) when (e is HttpRequestException or PrometheusTransientException or IOException or OperationCanceledException)
        {
            LogQueryFailed(logger, query, e.Message);
            return QueryResult.Failure($"Prometheus unreachable or failing: {e.Message}");
        }
    }

    private async ValueTask<QueryResult> SendAsync(string query, string unixSeconds, CancellationToken ct)
    {
        using var content = new FormUrlEncodedContent([new("query", query), new("time", unixSeconds)]);
        using var response = await http.PostAsync(queryUri, content, ct).ConfigureAwait(false);
        var body = await ReadBoundedAsync(response.Content, ct).ConfigureAwait(false);
        var code = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests || code >= 500)
        {
            // A 503 from Prometheus may carry a JSON error (query timeout, overloaded); keep its text.
            var parsed = body is null ? null : PrometheusResponseParser.Parse(body);
            throw new PrometheusTransientException($"HTTP {code}{(parsed?.Error is { } err ? ": " + err : "")}");
        }

        if (body is null)
        {
            return QueryResult.Failure($"response larger than {options.MaxResponseBytes} bytes (HTTP {code})");
        }

        var result = PrometheusResponseParser.Parse(body);
        return code is >= 200 and < 300 || result.Outcome == QueryOutcome.Error
            ? result
            : QueryResult.Failure($"HTTP {code}");
    }

    private async Task<string?> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > options.MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prometheus query failed: {Reason} (query: {Query})")]
    private static partial void LogQueryFailed(ILogger logger, string query, string reason);
}
