using Rollouts.Api;
using Rollouts.Kube;

namespace Rollouts.Kubectl.Dashboard;

/// <summary>
/// The ModelDeployments the dashboard shows, kept by one <see cref="Informer{T}"/> (list, then watch from the last
/// resourceVersion; a watch that expires relists), with a <see cref="ChangeSignal"/> that moves on every change.
/// </summary>
internal sealed class ModelDeploymentFeed : IAsyncDisposable
{
    private readonly Informer<ModelDeployment> informer;
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    /// <summary>Starts listing and watching <paramref name="ns"/> (null: every namespace).</summary>
    public ModelDeploymentFeed(IKubeClient client, string? ns, TimeProvider time)
    {
        informer = new Informer<ModelDeployment>(new ListWatch<ModelDeployment>(client, ns, null), time: time);
        informer.AddHandler((_, _) => Signal.Notify());
        running = informer.RunAsync(stop.Token);
    }

    /// <summary>Moves on every add, update and delete.</summary>
    public ChangeSignal Signal { get; } = new();

    /// <summary>Completes after the first list.</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => informer.WaitForSyncAsync(ct);

    /// <summary>The cached objects, ordered by namespace then name (shared: do not mutate).</summary>
    public IReadOnlyList<ModelDeployment> List() =>
        [.. informer.List().OrderBy(m => m.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(m => m.Metadata.Name, StringComparer.Ordinal)];

    /// <summary>The cached object, or null.</summary>
    public ModelDeployment? Get(string ns, string name) => informer.Get(ns, name);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
    }
}
