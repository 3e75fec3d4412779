using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Controls;
using Rollouts.Operator.Traffic;
using Rollouts.Operator.Workloads;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>One test's world: a namespace, the fake kubelet, the operator, and helpers that poll the API server.</summary>
public sealed class RolloutScenario : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private RolloutScenario(RolloutCluster cluster, string ns)
    {
        Cluster = cluster;
        Namespace = ns;
        Client = cluster.ControlPlane.CreateAdminClient(new KubeClientOptions { FieldManager = "test-user" }); // the user's applies
        Kubelet = new FakeKubelet(Client, ns);
        Analysis = new ScriptedAnalysisRunner(TimeProvider.System);
    }

    public RolloutCluster Cluster { get; }
    public string Namespace { get; }
    public KubeClient Client { get; }
    public FakeKubelet Kubelet { get; }
    public ScriptedAnalysisRunner Analysis { get; }
    public RecordingMetrics Metrics { get; } = new();
    public OperatorInstance? Operator { get; private set; }

    public static async Task<RolloutScenario> StartAsync(RolloutCluster cluster, string prefix, bool withOperator = true)
    {
        var ns = await cluster.ControlPlane.CreateNamespaceAsync(prefix);
        var s = new RolloutScenario(cluster, ns);
        if (withOperator)
        {
            s.StartOperator();
        }

        return s;
    }

    /// <summary>Starts the operator, measuring through <paramref name="analysis"/> (default: <see cref="Analysis"/>, the scripted runner).</summary>
    public void StartOperator(global::Rollouts.Analysis.IAnalysisRunner? analysis = null, global::Rollouts.Notifications.IRolloutNotifier? notifier = null) =>
        Operator = new OperatorInstance(Cluster.ControlPlane, Namespace, analysis ?? Analysis, Metrics, notifier);

    public async Task StopOperatorAsync()
    {
        if (Operator is not null)
        {
            await Operator.DisposeAsync();
            Operator = null;
        }
    }

    public async Task ApplyAsync(string name, ModelDeploymentSpec spec)
    {
        var obj = new ModelDeployment { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace }, Spec = spec };
        await Client.ApplyAsync(obj, CancellationToken.None);
    }

    public Task ActAsync(string name, string action) =>
        Client.MergePatchAsync<ModelDeployment>(Namespace, name, ActionAnnotation.Request(action), CancellationToken.None);

    public async Task<ModelDeployment> GetAsync(string name) =>
        await Client.GetAsync<ModelDeployment>(Namespace, name, CancellationToken.None) ?? throw new InvalidOperationException($"{name} is gone");

    public async Task<ModelDeploymentStatus> WaitForAsync(string name, Func<ModelDeploymentStatus, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        ModelDeploymentStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await GetAsync(name)).Status;
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        var pods = await Client.ListAsync<V1Pod>(Namespace, null, CancellationToken.None);
        var podStates = string.Join(", ", pods.Items.Select(p => $"{p.Metadata.Name}={p.Status?.Phase}"));
        throw new TimeoutException($"timed out waiting for {what}; last status: {KubernetesJson.Serialize(last)}; deployments: {string.Join(",", (await Client.ListAsync<V1Deployment>(Namespace, null, CancellationToken.None)).Items.Select(d => $"{d.Metadata.Name}={d.Spec?.Replicas}"))}; pods: {podStates}; kubelet: {Kubelet.LastError}");
    }

    /// <summary>Waits (polling, up to the scenario's patience) until <paramref name="condition"/> holds.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<Dictionary<string, int>> DeploymentReplicasAsync()
    {
        var list = await Client.ListAsync<V1Deployment>(Namespace, null, CancellationToken.None);
        return list.Items.Where(d => d.Metadata.DeletionTimestamp is null)
            .ToDictionary(d => d.Metadata.Labels![ModelDeploymentAnnotations.ModelVersionLabel], d => d.Spec!.Replicas ?? 1);
    }

    public async Task<Dictionary<string, int>> WaitForReplicasAsync(Dictionary<string, int> expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        Dictionary<string, int> last = [];
        while (DateTime.UtcNow < deadline)
        {
            last = await DeploymentReplicasAsync();
            if (last.Count == expected.Count && expected.All(e => last.TryGetValue(e.Key, out var r) && r == e.Value))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"replicas {string.Join(",", last)} never became {string.Join(",", expected)}");
    }

    /// <summary>(stable weight, canary weight) of the route's backendRefs named name-stable / name-canary.</summary>
    public async Task<(int? Stable, int? Canary)> RouteWeightsAsync(string routeName, string name)
    {
        var route = await Client.GetAsync<HttpRoute>(Namespace, routeName, CancellationToken.None);
        var refs = route?.Spec?.Rules?.SelectMany(r => r.BackendRefs ?? []).ToList() ?? [];
        return (refs.FirstOrDefault(b => b.Name == $"{name}-stable")?.Weight, refs.FirstOrDefault(b => b.Name == $"{name}-canary")?.Weight);
    }

    public async Task<string?> SelectedRevisionAsync(string service)
    {
        var svc = await Client.GetAsync<V1Service>(Namespace, service, CancellationToken.None);
        return svc?.Spec?.Selector.ValueOrDefault(ModelDeploymentAnnotations.RevisionLabel);
    }

    public async Task<List<Corev1Event>> EventsAsync(string name)
    {
        var list = await Client.ListAsync<Corev1Event>(Namespace, null, CancellationToken.None);
        return list.Items.Where(e => e.InvolvedObject?.Name == name).ToList();
    }

    /// <summary>The events of <paramref name="name"/> once <paramref name="until"/> holds (events are recorded just after the status write that shows them).</summary>
    public async Task<List<Corev1Event>> EventsWhenAsync(string name, Func<List<Corev1Event>, bool> until, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var events = await EventsAsync(name);
            if (until(events) || DateTime.UtcNow > deadline)
            {
                return events; // the caller's assertions say what is missing
            }

            await Task.Delay(100);
        }
    }

    public static string DeploymentName(string name, string revision) => WorkloadNames.Deployment(name, revision);

    public async ValueTask DisposeAsync()
    {
        await StopOperatorAsync();
        await Kubelet.DisposeAsync();
        Client.Dispose();
    }
}
