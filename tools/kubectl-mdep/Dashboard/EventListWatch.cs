using k8s;
using k8s.Models;
using Rollouts.Api;
using Rollouts.Kube;

namespace Rollouts.Kubectl.Dashboard;

/// <summary>
/// The list and watch of the Events of one ModelDeployment (field selector <c>involvedObject.kind</c> and
/// <c>involvedObject.name</c>, as <c>kubectl describe</c> reads them), for an <see cref="Informer{T}"/> that lives
/// while its detail view is open.
/// </summary>
internal sealed class EventListWatch(IKubeClient client, string ns, string name) : IListWatch<Corev1Event>
{
    private readonly string selector = $"involvedObject.kind={ModelDeployment.KindName},involvedObject.name={name}";

    /// <inheritdoc />
    public Task<KubeList<Corev1Event>> ListAsync(int limit, string? continueToken, CancellationToken ct) =>
        client.ListAsync<Corev1Event>(ns, new ListOptions { FieldSelector = selector, Limit = limit, Continue = continueToken }, ct);

    /// <inheritdoc />
    public IAsyncEnumerable<(WatchEventType Type, Corev1Event Object)> WatchAsync(string resourceVersion, CancellationToken ct) =>
        client.WatchAsync<Corev1Event>(ns, new WatchOptions { ResourceVersion = resourceVersion, FieldSelector = selector }, ct);
}
