using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Kube;
using Rollouts.Operator.Host;
using Rollouts.Operator.Rollouts;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>The real operator (informers, controller, reconciler, event recorder) running in-process for one namespace.</summary>
public sealed class OperatorInstance : IAsyncDisposable
{
    public const string Image = "ghcr.io/model-rollouts/serving:test";

    private readonly CancellationTokenSource stop = new();
    private readonly Task run;
    private readonly KubeClient client;
    private readonly ModelDeploymentReconciler reconciler;

    public OperatorInstance(Testing.ControlPlane cp, string ns, global::Rollouts.Analysis.IAnalysisRunner analysis, RecordingMetrics metrics, global::Rollouts.Notifications.IRolloutNotifier? notifier = null)
    {
        client = cp.CreateAdminClient(new KubeClientOptions { FieldManager = FieldManagers.Operator });
        var loggers = LoggerFactory.Create(b => b.AddProvider(new FileLoggerProvider(Path.Combine(AppContext.BaseDirectory, $"operator-{ns}.log"))));
        var informers = new SharedInformers(client, TimeProvider.System, loggers);
        reconciler = new ModelDeploymentReconciler(
            informers,
            client,
            analysis,
            new KubeEventRecorder(client, "model-rollouts", "test", TimeProvider.System),
            metrics,
            new ReconcilerSettings(Image, WatchAllNamespaces: false),
            TimeProvider.System,
            loggers.CreateLogger<ModelDeploymentReconciler>(),
            notifier);
        var controllers = RolloutControllers.Build(informers, reconciler, [ns], TimeProvider.System, loggers, workers: 1);
        var manager = new ControllerManager(informers, controllers, null, loggers.CreateLogger<ControllerManager>());
        run = manager.RunAsync(stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
        }

        reconciler.Dispose();
        client.Dispose();
        stop.Dispose();
    }
}
