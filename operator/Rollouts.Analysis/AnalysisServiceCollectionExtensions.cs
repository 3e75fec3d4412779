using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Rollouts.Analysis.Prometheus;
using Prometheus;

namespace Rollouts.Analysis;

/// <summary>Registers the analysis runner and its Prometheus client in a host's services.</summary>
public static class AnalysisServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IAnalysisRunner"/> (singleton <see cref="AnalysisRunner"/>), <see cref="IPrometheusClient"/>
    /// (one <see cref="PrometheusClient"/> for the process, so that its circuit breaker sees every query, on its own
    /// pooled <see cref="HttpClient"/>), <see cref="IAnalysisMetrics"/> (<see cref="AnalysisMetrics"/> on the
    /// registered <see cref="CollectorRegistry"/>, or nothing recorded when there is none) and
    /// <see cref="TimeProvider.System"/> unless a TimeProvider is registered already.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The operator's Prometheus settings (address from a flag / Helm value).</param>
    public static IServiceCollection AddPrometheusAnalysis(this IServiceCollection services, PrometheusClientOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton<IAnalysisMetrics>(sp =>
            sp.GetService<CollectorRegistry>() is { } registry ? new AnalysisMetrics(registry) : NullAnalysisMetrics.Instance);
        services.TryAddSingleton<IPrometheusClient>(sp => new PrometheusClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<PrometheusClientOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PrometheusClient>>()));
        services.TryAddSingleton<IAnalysisRunner, AnalysisRunner>();
        return services;
    }
}
