using k8s;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary>
/// The list and watch calls of one resource type in one scope (client-go's ListWatch): what an <see cref="Informer{T}"/>
/// needs from the API, so a test can hand it a scripted one.
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
public interface IListWatch<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>One page of the list (<paramref name="continueToken"/> from the previous page, or null).</summary>
    /// <exception cref="KubeApiException">API failure; Gone when the continue token expired.</exception>
    Task<KubeList<T>> ListAsync(int limit, string? continueToken, CancellationToken ct);

    /// <summary>One watch request from <paramref name="resourceVersion"/>, ending when the server closes the stream.</summary>
    /// <exception cref="KubeApiException">Gone when <paramref name="resourceVersion"/> is too old; other API failures.</exception>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, CancellationToken ct);
}
