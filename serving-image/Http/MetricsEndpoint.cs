using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Rollouts.Serving.Http;

/// <summary>
/// GET /metrics: the server's registry in Prometheus text exposition format 0.0.4, always (no OpenMetrics negotiation),
/// written by prometheus-net straight to the response body.
/// </summary>
public static class MetricsEndpoint
{
    /// <summary>The content type of the text exposition format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Maps GET /metrics.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        var registry = app.ServiceProvider.GetRequiredService<CollectorRegistry>();
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = ContentType;
            await registry.CollectAndExportAsTextAsync(context.Response.Body, ExpositionFormat.PrometheusText, context.RequestAborted).ConfigureAwait(false);
        });
        return app;
    }
}
