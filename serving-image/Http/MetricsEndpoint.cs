using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rollouts.Metrics;

namespace Rollouts.Serving.Http;

/// <summary>GET /metrics: the registry in Prometheus text exposition format 0.0.4.</summary>
public static class MetricsEndpoint
{
    /// <summary>Maps GET /metrics.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        var registry = app.ServiceProvider.GetRequiredService<MetricRegistry>();
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = MetricRegistry.ContentType;
            await registry.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        return app;
    }
}
