using Microsoft.AspNetCore.Http;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Http;
using Rollouts.Serving.Metrics;

namespace Rollouts.Serving.Security;

/// <summary>
/// The middleware in front of every endpoint (REST and gRPC alike), registered only when something is on:
/// with <c>--metrics-port</c>, that port serves <c>/metrics</c> alone and the main port answers 404 for it;
/// <c>/metrics</c> and the health endpoints (<c>/v2/health/live</c>, <c>/v2/health/ready</c>, gRPC ServerLive and
/// ServerReady) are always open; everything else needs a credential when authentication is on (401, counted as
/// <c>unauthenticated</c>) and then passes the client's rate limit (429 + Retry-After, counted as <c>rate_limited</c>).
/// Refusals go through <see cref="Refusal"/>, so a gRPC request gets UNAUTHENTICATED or RESOURCE_EXHAUSTED.
/// </summary>
public sealed class RequestGate(SecurityOptions security, LimitsOptions limits, Authenticator? authenticator, ClientRateLimiter? limiter, IServingMetrics metrics) : IDisposable
{
    private static readonly PathString MetricsPath = "/metrics";

    private static readonly PathString[] OpenPaths =
    [
        "/v2/health/live",
        "/v2/health/ready",
        "/inference.GRPCInferenceService/ServerLive",
        "/inference.GRPCInferenceService/ServerReady",
    ];

    /// <summary>Handles one request: refuses it, or passes it to <paramref name="next"/>.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        var isMetrics = path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase);
        if (security.MetricsPort is int port && (context.Connection.LocalPort == port) != isMetrics)
        {
            await JsonResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, isMetrics
                ? $"/metrics is served on port {port} (--metrics-port)"
                : $"port {port} serves /metrics only (--metrics-port)").ConfigureAwait(false);
            return;
        }

        if (isMetrics || Array.Exists(OpenPaths, p => path.Equals(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        string client;
        if (authenticator is not null)
        {
            var result = await authenticator.AuthenticateAsync(context).ConfigureAwait(false);
            if (result.Identity is null)
            {
                metrics.Rejected(RejectionReason.Unauthenticated);
                await Refusal.WriteAsync(context, RefusalKind.Unauthenticated, result.Failure!).ConfigureAwait(false);
                return;
            }

            client = result.Identity;
        }
        else
        {
            client = "ip:" + context.Connection.RemoteIpAddress;
        }

        if (limiter is not null && !limiter.TryAcquire(client, out var retryAfter))
        {
            metrics.Rejected(RejectionReason.RateLimited);
            await Refusal.WriteAsync(context, RefusalKind.RateLimited, $"rate limit exceeded: at most {limits.RateLimitRps} requests per second per client, bursts of {limits.RateLimitBurst} (--rate-limit-rps, --rate-limit-burst)", retryAfter).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Stops polling the credentials files and disposes the rate limiter.</summary>
    public void Dispose()
    {
        authenticator?.Dispose();
        limiter?.Dispose();
    }
}
