using k8s.Models;
using Microsoft.Extensions.Logging;
using Rollouts.Api;
using Rollouts.Kube;
using Rollouts.Operator.Rollouts;

namespace Rollouts.Operator.Host;

/// <summary>Builds the ModelDeployment controllers (one per watched namespace, or one for all namespaces).</summary>
public static class RolloutControllers
{
    /// <summary>Label selector of the owned Deployments, Services and ConfigMaps the informers cache.</summary>
    public const string ManagedSelector = "app.kubernetes.io/managed-by=model-rollouts";

    /// <summary>
    /// Controllers watching ModelDeployments, the Deployments, Services and shadow ConfigMaps they own, and (once one routes through the
    /// Gateway API) HTTPRoutes, reconciled by
    /// <paramref name="reconciler"/>. <paramref name="namespaces"/> empty: all namespaces.
    /// </summary>
    public static IReadOnlyList<Controller> Build(SharedInformers informers, IReconciler reconciler, IReadOnlyList<string> namespaces, TimeProvider time, ILoggerFactory loggers, int workers = 2, IRuntimeMetrics? metrics = null)
    {
        var scopes = namespaces.Count == 0 ? [null] : namespaces.Select(n => (string?)n).ToList();
        return scopes.Select(ns =>
            {
                var controller = new ControllerBuilder(ns is null ? "modeldeployment" : $"modeldeployment-{ns}", informers)
                    .For<ModelDeployment>(ns)
                    .Owns<V1Deployment>(ns, ManagedSelector)
                    .Owns<V1Service>(ns, ManagedSelector)
                    .Owns<V1ConfigMap>(ns, ManagedSelector)
                    .WithReconciler(reconciler)
                    .WithWorkers(workers)
                    .WithTimeProvider(time)
                    .WithMetrics(metrics ?? NullRuntimeMetrics.Instance)
                    .WithLogger(loggers.CreateLogger("Rollouts.Operator.Controller"))
                    .Build();

                // HTTPRoutes (owned, or the existing route a spec names) are watched from the first ModelDeployment that
                // routes through the Gateway API: see ChildCache.
                (reconciler as ModelDeploymentReconciler)?.Children.Attach(ns, controller.Queue);
                return controller;
            })
            .ToList();
    }
}
