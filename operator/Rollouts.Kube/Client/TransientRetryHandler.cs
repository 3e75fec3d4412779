using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Rollouts.Kube;

/// <summary>
/// Retries transient API failures with jittered exponential backoff (a Polly.Core retry pipeline, as client-go
/// retries): 429 for every verb, honouring Retry-After (capped at <see cref="KubeClientOptions.RetryMaxDelay"/>);
/// 5xx (not 501), per-try timeouts and transport errors for idempotent verbs; for create only failures to connect
/// and 5xx that name a Retry-After (the server did not carry those out, e.g. v1.20's ServerTimeout "retry after
/// the token is created"). A try of a request that is not a watch gets <see cref="KubeClientOptions.RequestTimeout"/>
/// until its response headers. Request bodies are the library's buffered strings, so a request can be sent again.
/// </summary>
public sealed partial class TransientRetryHandler : DelegatingHandler
{
    private readonly KubeClientOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ResiliencePipeline<HttpResponseMessage> idempotent;
    private readonly ResiliencePipeline<HttpResponseMessage> create;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">Retries, delays and the per-try timeout.</param>
    /// <param name="time">Clock of the delays and the timeout.</param>
    /// <param name="logger">Logger of retries (debug level).</param>
    public TransientRetryHandler(KubeClientOptions options, TimeProvider time, ILogger logger)
    {
        this.options = options;
        this.time = time;
        this.logger = logger;
        idempotent = Build(isCreate: false);
        create = Build(isCreate: true);
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var what = KubeRequest.Of(request);
        var pipeline = what.IsCreate ? create : idempotent;
        return pipeline.ExecuteAsync(
            async token =>
            {
                if (what.IsWatch)
                {
                    return await base.SendAsync(request, token).ConfigureAwait(false);
                }

                using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
                return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
            },
            cancellationToken).AsTask();
    }

    private ResiliencePipeline<HttpResponseMessage> Build(bool isCreate)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries <= 0)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
            {
                { Result: { } r } => r.StatusCode == HttpStatusCode.TooManyRequests
                    || ((int)r.StatusCode >= 500 && r.StatusCode != HttpStatusCode.NotImplemented && (!isCreate || RetryAfter(r) is not null)),
                { Exception: HttpRequestException h } => !isCreate || h.HttpRequestError == HttpRequestError.ConnectionError,
                { Exception: OperationCanceledException } => !isCreate && !args.Context.CancellationToken.IsCancellationRequested,
                _ => false,
            }),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is { } r && RetryAfter(r) is { } after ? (TimeSpan?)(after > options.RetryMaxDelay ? options.RetryMaxDelay : after) : null),
            OnRetry = args =>
            {
                LogRetry(logger, args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode ?? 0, args.Outcome.Exception?.GetType().Name ?? "", args.RetryDelay.TotalMilliseconds);
                args.Outcome.Result?.Dispose(); // the failed response is not handed on
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } d } => d,
        { Date: { } date } => date - time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    [LoggerMessage(50, LogLevel.Debug, "API request retry {Attempt} after code {Code} {Exception}, waiting {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, int attempt, int code, string exception, double delayMs);
}
