using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Rollouts.Metrics;

namespace Rollouts.Kube;

/// <summary>The operator's HTTP surface (minimal APIs): liveness, readiness and Prometheus metrics.</summary>
public static class OperatorEndpoints
{
    /// <summary>
    /// Maps <c>GET /healthz</c> (200 "ok" while the process serves), <c>GET /readyz</c> (200 "ok" once every informer
    /// cache has synced, else 503 "informer caches not synced") and <c>GET /metrics</c> (the registry in text format 0.0.4).
    /// </summary>
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder app, ControllerManager manager, MetricRegistry registry)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => manager.IsReady
            ? Results.Text("ok")
            : Results.Text("informer caches not synced", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = MetricRegistry.ContentType;
            await registry.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        return app;
    }
}
