using k8s;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Rollouts.Analysis;
using Rollouts.Analysis.Prometheus;
using Rollouts.Kube;
using Rollouts.Notifications;
using Rollouts.Operator.Rollouts;

namespace Rollouts.Operator.Host;

/// <summary>Dependency-injection wiring and HTTP endpoints of the operator.</summary>
public static class OperatorServices
{
    /// <summary>Registers the client, informers, analysis runner, reconciler, controllers and the controller manager (hosted).</summary>
    public static IServiceCollection AddRolloutsOperator(this IServiceCollection services, OperatorOptions options, KubernetesClientConfiguration config)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        // One registry per host, not prometheus-net's static default, so hosts in one process (tests) stay apart. It
        // carries the process and runtime metrics too (process_resident_memory_bytes, process_cpu_seconds_total,
        // dotnet_total_memory_bytes, dotnet_collection_count_total): the figures a person sizes the operator by.
        services.AddSingleton(_ =>
        {
            var registry = Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            return registry;
        });
        services.AddSingleton<IRuntimeMetrics>(sp => new PrometheusRuntimeMetrics(sp.GetRequiredService<CollectorRegistry>()));
        var election = new LeaderElectionOptions
        {
            LeaseName = "model-rollouts-operator",
            LeaseNamespace = options.LeaderElectionNamespace,
            Identity = $"{Environment.MachineName}-{Guid.NewGuid():N}"[..Math.Min(63, Environment.MachineName.Length + 33)],
        };

        // With leader election every write goes through the fence: only while this replica's Lease is fresh.
        services.AddSingleton(sp => options.LeaderElect ? WriteFence.ForLease(election.RenewDeadline, sp.GetRequiredService<TimeProvider>()) : WriteFence.Unfenced);
        services.AddSingleton<IKubeClient>(sp => KubeClient.Create(
            config,
            new KubeClientOptions { FieldManager = FieldManagers.Operator, Qps = options.KubeApiQps, Burst = options.KubeApiBurst },
            sp.GetRequiredService<IRuntimeMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<KubeClient>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<WriteFence>()));
        services.AddSingleton(sp => new SharedInformers(sp.GetRequiredService<IKubeClient>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IEventRecorder>(sp => new KubeEventRecorder(sp.GetRequiredService<IKubeClient>(), "model-rollouts", Environment.MachineName, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IRolloutMetrics>(sp => new PrometheusRolloutMetrics(sp.GetRequiredService<CollectorRegistry>()));
        services.AddRolloutNotifications(options.Notifications);
        if (options.PrometheusUrl is { } url)
        {
            services.AddPrometheusAnalysis(new PrometheusClientOptions { Address = new Uri(url) });
        }
        else
        {
            services.AddSingleton<IAnalysisRunner, UnconfiguredAnalysisRunner>();
        }

        services.AddSingleton(new ReconcilerSettings(options.ServingImage, options.Namespaces.Count == 0) { AllowedModelUriPrefixes = options.AllowedModelUriPrefixes });
        services.AddSingleton<ModelDeploymentReconciler>();
        services.AddSingleton(sp => RolloutControllers.Build(
            sp.GetRequiredService<SharedInformers>(),
            sp.GetRequiredService<ModelDeploymentReconciler>(),
            options.Namespaces,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            options.Workers,
            sp.GetRequiredService<IRuntimeMetrics>()));
        services.AddSingleton(sp => new ControllerManager(
            sp.GetRequiredService<SharedInformers>(),
            sp.GetRequiredService<IReadOnlyList<Controller>>(),
            options.LeaderElect
                ? new LeaderElectionRunner(sp.GetRequiredService<IKubeClient>().Api, election, sp.GetRequiredService<ILoggerFactory>().CreateLogger<LeaderElectionRunner>(), sp.GetRequiredService<IRuntimeMetrics>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<WriteFence>())
                : null,
            sp.GetRequiredService<ILogger<ControllerManager>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ControllerManager>());
        return services;
    }

    /// <summary>Maps <c>/healthz</c> (process up), <c>/readyz</c> (informers synced) and <c>/metrics</c> (the host's registry).</summary>
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder app) =>
        app.MapOperatorEndpoints(app.ServiceProvider.GetRequiredService<ControllerManager>(), app.ServiceProvider.GetRequiredService<CollectorRegistry>());
}
