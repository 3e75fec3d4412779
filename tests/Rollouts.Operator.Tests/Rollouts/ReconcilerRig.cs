using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rollouts.Analysis;
using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Host;
using Rollouts.Operator.Rollouts;
using Rollouts.Operator.Tests.Integration;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>
/// The production reconciler on the real API server, driven pass by pass by the test (no controller): its client
/// counts requests by verb, its clock is a <see cref="FakeTimeProvider"/>, its informers are the real ones.
/// </summary>
public sealed class ReconcilerRig : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly CancellationTokenSource stop = new();
    private readonly Task informersRun;
    private readonly KubeClient operatorClient;

    private ReconcilerRig(RolloutScenario scenario, IAnalysisRunner? analysis)
    {
        Scenario = scenario;
        operatorClient = scenario.Cluster.ControlPlane.CreateAdminClient(new KubeClientOptions { FieldManager = FieldManagers.Operator }, Counter);
        Watches = new HeldWatchClient(operatorClient);
        Informers = new SharedInformers(Watches, TimeProvider.System);
        var settings = new ReconcilerSettings(OperatorInstance.Image, WatchAllNamespaces: false);
        Informers.Get<ModelDeployment>(Namespace);
        Informers.Get<V1Deployment>(Namespace, RolloutControllers.ManagedSelector);
        Informers.Get<V1Service>(Namespace, RolloutControllers.ManagedSelector);
        Client = new InterferingKubeClient(operatorClient);
        Reconciler = new ModelDeploymentReconciler(
            Informers,
            Client,
            analysis ?? scenario.Analysis,
            new KubeEventRecorder(operatorClient, "model-rollouts", "test", Time),
            scenario.Metrics,
            settings,
            Time,
            NullLogger<ModelDeploymentReconciler>.Instance);
        informersRun = Informers.RunAsync(stop.Token);
    }

    public RolloutScenario Scenario { get; }
    public string Namespace => Scenario.Namespace;
    public CountingRuntimeMetrics Counter { get; } = new();
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public SharedInformers Informers { get; }

    /// <summary>The informers' client (the counted one), whose ModelDeployment watch events a test can hold back.</summary>
    public HeldWatchClient Watches { get; }

    /// <summary>The reconciler's client (the real one, with a hook before status writes).</summary>
    public InterferingKubeClient Client { get; }
    public ModelDeploymentReconciler Reconciler { get; }

    /// <summary>A scenario (namespace, fake kubelet) without the operator, and the rig around the reconciler.</summary>
    public static async Task<ReconcilerRig> StartAsync(RolloutCluster cluster, string prefix, IAnalysisRunner? analysis = null)
    {
        var scenario = await RolloutScenario.StartAsync(cluster, prefix, withOperator: false);
        var rig = new ReconcilerRig(scenario, analysis);
        await rig.Informers.WaitForSyncAsync(CancellationToken.None);
        return rig;
    }

    /// <summary>One pass, once the caches show what the API server holds (in production the watch event of a change
    /// is what enqueues the pass; the reconciler reads the ModelDeployment from the cache).</summary>
    public async Task<ReconcileResult> PassAsync(string name)
    {
        await WaitForCachesAsync();
        return await PassNowAsync(name);
    }

    /// <summary>One pass at once, whatever the caches show.</summary>
    public Task<ReconcileResult> PassNowAsync(string name) => Reconciler.ReconcileAsync(new ObjectKey(Namespace, name), CancellationToken.None);

    /// <summary>Runs passes (the informers catching up in between) until the status read live satisfies <paramref name="condition"/>.</summary>
    public async Task<(ModelDeploymentStatus Status, ReconcileResult Result)> PassUntilAsync(string name, Func<ModelDeploymentStatus, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var result = await PassAsync(name);
            var status = (await Scenario.GetAsync(name)).Status;
            if (status is not null && condition(status))
            {
                return (status, result);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}; last status: {KubernetesJson.Serialize(status)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the informer caches hold what the API server holds for the ModelDeployment and every child (same resourceVersions).</summary>
    public async Task WaitForCachesAsync()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await CachesCurrentAsync())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the informer caches never caught up with the API server");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await informersRun;
        }
        catch (OperationCanceledException)
        {
        }

        Reconciler.Dispose();
        operatorClient.Dispose();
        stop.Dispose();
        await Scenario.DisposeAsync();
    }

    private async Task<bool> CachesCurrentAsync()
    {
        var ct = CancellationToken.None;
        var live = new List<IKubernetesObject<V1ObjectMeta>>();
        live.AddRange((await Scenario.Client.ListAsync<ModelDeployment>(Namespace, null, ct)).Items);
        live.AddRange((await Scenario.Client.ListAsync<V1Deployment>(Namespace, null, ct)).Items);
        live.AddRange((await Scenario.Client.ListAsync<V1Service>(Namespace, null, ct)).Items);
        return live.All(o => Cached(o)?.Metadata.ResourceVersion == o.Metadata.ResourceVersion);
    }

    private IKubernetesObject<V1ObjectMeta>? Cached(IKubernetesObject<V1ObjectMeta> o) => o switch
    {
        ModelDeployment => Informers.Get<ModelDeployment>(Namespace).Get(Namespace, o.Metadata.Name),
        V1Deployment => Informers.Get<V1Deployment>(Namespace, RolloutControllers.ManagedSelector).Get(Namespace, o.Metadata.Name),
        _ => Informers.Get<V1Service>(Namespace, RolloutControllers.ManagedSelector).Get(Namespace, o.Metadata.Name),
    };
}
