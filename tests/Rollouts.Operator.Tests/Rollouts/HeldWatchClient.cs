using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Rollouts.Api;
using Rollouts.Kube;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>
/// The real client, for informers, whose watch events can be held back per type (in order, as a slow watch would
/// deliver them late): the informer cache then shows an older version of an object than the API server.
/// Everything else passes through unchanged.
/// </summary>
public sealed class HeldWatchClient(IKubeClient inner) : IKubeClient
{
    private readonly ConcurrentDictionary<Type, Func<object, bool>> held = new();

    public IKubernetes Api => inner.Api;

    public string FieldManager => inner.FieldManager;

    /// <summary>Holds back the next ModelDeployment event for which <paramref name="which"/> is true, and every event after it.</summary>
    public void Hold(Func<ModelDeployment, bool> which) => Hold<ModelDeployment>(which);

    /// <summary>Holds back the next <typeparamref name="T"/> event for which <paramref name="which"/> is true, and every one after it.</summary>
    public void Hold<T>(Func<T, bool> which) => held[typeof(T)] = o => which((T)o);

    /// <summary>Delivers what was held back, and holds nothing more.</summary>
    public void Release() => held.Clear();

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync<T>(string? ns, WatchOptions options, [EnumeratorCancellation] CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        await foreach (var e in inner.WatchAsync<T>(ns, options, ct).WithCancellation(ct))
        {
            while (e.Type != WatchEventType.Bookmark && held.TryGetValue(typeof(T), out var which) && which(e.Object))
            {
                await Task.Delay(20, ct);
            }

            yield return e;
        }
    }

    public Task<T?> GetAsync<T>(string? ns, string name, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.GetAsync<T>(ns, name, ct);

    public Task<KubeList<T>> ListAsync<T>(string? ns, ListOptions? options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.ListAsync<T>(ns, options, ct);

    public Task<T> CreateAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.CreateAsync(obj, ct);

    public Task<T> ApplyAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.ApplyAsync(obj, ct);

    public Task<T> ApplyStatusAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.ApplyStatusAsync(obj, ct);

    public Task<T> MergePatchAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.MergePatchAsync<T>(ns, name, patch, ct);

    public Task<T> MergePatchStatusAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.MergePatchStatusAsync<T>(ns, name, patch, ct);

    public Task<bool> DeleteAsync<T>(string? ns, string name, V1DeleteOptions? options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.DeleteAsync<T>(ns, name, options, ct);
}
