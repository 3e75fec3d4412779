using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Rollouts.Serving.Drift;
using Rollouts.Serving.Http;
using Rollouts.Serving.Metrics;
using Rollouts.Serving.Model;
using Rollouts.Serving.Security;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// Builds the server: Kestrel with no server header and the body limit set from <c>--max-request-bytes</c>, warnings-only
/// framework logging (nothing logged per request), the V2 endpoints, <c>/metrics</c>, and the background model loader.
/// </summary>
public static class ServingHost
{
    /// <summary>
    /// Builds the application from the command line (listen address through ASP.NET's <c>--urls</c>). Returns null after
    /// writing one line per bad option to <paramref name="errors"/>. <paramref name="configure"/> lets tests replace services
    /// (e.g. the <see cref="TimeProvider"/>).
    /// </summary>
    public static WebApplication? Build(string[] args, TextWriter errors, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var options = ServingOptionsReader.Read(builder.Configuration, out var problems);
        if (options is null)
        {
            foreach (var problem in problems)
            {
                errors.WriteLine($"invalid option: {problem}");
            }

            return null;
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new ModelSource());
        services.AddSingleton<ModelHost>();
        services.AddSingleton<DriftState>();
        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<IServingMetrics, PrometheusServingMetrics>();
        services.AddSingleton<InferHandler>();
        services.AddHostedService<ModelLoader>();
        SecurityHosting.Configure(builder, options);
        configure?.Invoke(services);

        var app = builder.Build();
        if (!SecurityHosting.UseGate(app, options, errors))
        {
            ((IDisposable)app).Dispose();
            return null;
        }

        app.MapInferenceApi();
        app.MapMetrics();
        return app;
    }
}
