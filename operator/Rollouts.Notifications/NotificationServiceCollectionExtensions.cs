using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Prometheus;
using Rollouts.Notifications.Metrics;

namespace Rollouts.Notifications;

/// <summary>Registers rollout notifications in a host's services.</summary>
public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IRolloutNotifier"/>: <see cref="NullRolloutNotifier"/> when <paramref name="options"/> has no
    /// URL; otherwise one <see cref="WebhookNotifier"/>, also registered as a hosted service, with the named
    /// <see cref="HttpClient"/> <see cref="WebhookNotifier.HttpClientName"/> (no redirects followed, no cookies, no
    /// HttpClient timeout of its own — the per-attempt timeout rules — and none of IHttpClientFactory's request
    /// logging, which would print the secret URL), <see cref="INotificationMetrics"/>
    /// (<see cref="PrometheusNotificationMetrics"/> on the registered <see cref="CollectorRegistry"/>, or
    /// prometheus-net's default registry) and <see cref="TimeProvider.System"/> unless a TimeProvider is registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The operator's notification options (from <see cref="NotificationCommandLine.Parse"/>).</param>
    /// <exception cref="ArgumentException">The options are not valid (the message lists every error).</exception>
    public static IServiceCollection AddRolloutNotifications(this IServiceCollection services, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        NotificationOptionsValidator.ThrowIfInvalid(options);
        if (options.WebhookUrls.Count == 0)
        {
            services.TryAddSingleton<IRolloutNotifier>(NullRolloutNotifier.Instance);
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INotificationMetrics>(sp =>
            new PrometheusNotificationMetrics(sp.GetService<CollectorRegistry>() ?? Prometheus.Metrics.DefaultRegistry));
        services.AddHttpClient(WebhookNotifier.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd($"model-rollouts-notifier/{typeof(WebhookNotifier).Assembly.GetName().Version?.ToString(3) ?? "0"}");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.TryAddSingleton(sp => new WebhookNotifier(
            options,
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<INotificationMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WebhookNotifier>>()));
        services.TryAddSingleton<IRolloutNotifier>(sp => sp.GetRequiredService<WebhookNotifier>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookNotifier>());
        return services;
    }
}
