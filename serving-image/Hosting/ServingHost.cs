using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rollouts.Serving.Drift;
using Rollouts.Serving.Grpc;
using Rollouts.Serving.Http;
using Rollouts.Serving.Metrics;
using Rollouts.Serving.Model;
using Rollouts.Serving.Security;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// Builds the server: Kestrel with no server header and the body limit set from <c>--max-request-bytes</c>, warnings-only
/// framework logging (nothing logged per request), the V2 endpoints, <c>/metrics</c>, the gRPC service on its own h2c port when <c>--grpc-port</c> is given, and the background model loader.
/// </summary>
public static class ServingHost
{
    /// <summary>
    /// Builds the application from the command line (listen address through ASP.NET's <c>--urls</c>). Returns null after
    /// writing one line per bad option to <paramref name="errors"/> (for an unknown, stray or conflicting flag, see
    /// <see cref="CommandLine"/>, followed by the usage). <paramref name="configure"/> lets tests replace services
    /// (e.g. the <see cref="TimeProvider"/>).
    /// </summary>
    public static WebApplication? Build(string[] args, TextWriter errors, Action<IServiceCollection>? configure = null)
    {
        if (CommandLine.Problems(args) is { Count: > 0 } flagProblems)
        {
            foreach (var problem in flagProblems)
            {
                errors.WriteLine($"invalid command line: {problem}");
            }

            errors.WriteLine(CommandLine.Usage());
            return null;
        }

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
        var grpc = GrpcOptions.Read(builder.Configuration, problems: []);
        var restUrls = GrpcEndpoint.RestUrls(builder.Configuration);
        var metricsUrl = SecurityHosting.MetricsUrl(restUrls, options.Security);
        IReadOnlyList<string> listen = metricsUrl is null ? restUrls : [.. restUrls, metricsUrl];
        if (metricsUrl is not null && grpc.Port is null)
        {
            builder.WebHost.UseUrls([.. listen]);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            if (grpc.Port is int grpcPort)
            {
                // Endpoints set in code make Kestrel ignore --urls: the REST and metrics addresses are bound here too.
                GrpcEndpoint.Listen(kestrel, listen, grpcPort);
            }
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(grpc);
        services.AddGrpc(o => o.MaxReceiveMessageSize = (int)Math.Min(options.MaxRequestBytes, int.MaxValue));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options.Fetch);
        services.TryAddSingleton(_ => new HttpModelFetcher(options.Fetch));
        services.TryAddSingleton(_ => new S3ModelFetcher(options.Fetch));
        services.AddSingleton<ModelSource>();
        services.AddSingleton<ModelHost>();
        services.AddSingleton<DriftState>();
        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<IServingMetrics, PrometheusServingMetrics>();
        services.AddSingleton<InferHandler>();
        services.AddSingleton<Feedback.PredictionIds>();
        services.AddSingleton<Feedback.FeedbackJudge>();
        services.AddSingleton<FeedbackHandler>();
        services.AddSingleton<Shadow.ShadowConfigFile>();
        services.AddSingleton<Shadow.ShadowSender>();
        services.AddSingleton<Caching.PredictionCache>();
        services.AddHostedService<ModelLoader>();
        services.AddSingleton(options.Drain);
        services.AddSingleton<ShutdownDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.Drain.ShutdownTimeout);
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
        app.MapGrpcInference(grpc);
        return app;
    }
}
