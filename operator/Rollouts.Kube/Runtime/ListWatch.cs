using k8s;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary><see cref="IListWatch{T}"/> through an <see cref="IKubeClient"/>: one namespace (or all) and an optional label selector.</summary>
/// <typeparam name="T">The model type.</typeparam>
/// <param name="client">The client.</param>
/// <param name="ns">Namespace; null for all namespaces (or a cluster-scoped type).</param>
/// <param name="labelSelector">Label selector restricting the objects; null for all.</param>
/// <param name="watchTimeoutSeconds">Server-side duration of one watch request (default 300 s; the informer resumes after it).</param>
public sealed class ListWatch<T>(IKubeClient client, string? ns, string? labelSelector, int watchTimeoutSeconds = 300) : IListWatch<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public Task<KubeList<T>> ListAsync(int limit, string? continueToken, CancellationToken ct) =>
        client.ListAsync<T>(ns, new ListOptions { LabelSelector = labelSelector, Limit = limit, Continue = continueToken }, ct);

    /// <inheritdoc />
    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, CancellationToken ct) =>
        client.WatchAsync<T>(ns, new WatchOptions { ResourceVersion = resourceVersion, LabelSelector = labelSelector, TimeoutSeconds = watchTimeoutSeconds }, ct);
}
