using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Rollouts.Kube;

/// <summary>The operator's HTTP surface (minimal APIs): liveness, readiness and Prometheus metrics.</summary>
public static class OperatorEndpoints
{
    /// <summary>
    /// Maps <c>GET /healthz</c> (200 "ok" while the process serves), <c>GET /readyz</c> (200 "ok" once every informer
    /// cache has synced, else 503 "informer caches not synced") and <c>GET /metrics</c> (prometheus-net's exporter of
    /// <paramref name="registry"/>: text format 0.0.4, or OpenMetrics when the scraper asks for it).
    /// </summary>
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder app, ControllerManager manager, CollectorRegistry registry)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => manager.IsReady
            ? Results.Text("ok")
            : Results.Text("informer caches not synced", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapMetrics("/metrics", registry);
        return app;
    }
}
