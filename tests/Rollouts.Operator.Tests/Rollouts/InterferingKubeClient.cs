using Rollouts.Kube;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>
/// The real client, with a hook run just before the next status write (e.g. a user's edit that makes the real API
/// server answer that write with 409 Conflict). Everything else passes through unchanged.
/// </summary>
public sealed class InterferingKubeClient(IKubeClient inner) : IKubeClient
{
    /// <summary>Runs once, before the next status write; cleared when taken.</summary>
    public Func<Task>? BeforeNextStatusWrite { get; set; }

    public IKubernetes Api => inner.Api;

    public string FieldManager => inner.FieldManager;

    public Task<T?> GetAsync<T>(string? ns, string name, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.GetAsync<T>(ns, name, ct);

    public Task<KubeList<T>> ListAsync<T>(string? ns, ListOptions? options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.ListAsync<T>(ns, options, ct);

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync<T>(string? ns, WatchOptions options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.WatchAsync<T>(ns, options, ct);

    public Task<T> CreateAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.CreateAsync(obj, ct);

    public Task<T> ApplyAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.ApplyAsync(obj, ct);

    public async Task<T> ApplyStatusAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        await InterfereAsync();
        return await inner.ApplyStatusAsync(obj, ct);
    }

    public Task<T> MergePatchAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.MergePatchAsync<T>(ns, name, patch, ct);

    public async Task<T> MergePatchStatusAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        await InterfereAsync();
        return await inner.MergePatchStatusAsync<T>(ns, name, patch, ct);
    }

    public Task<bool> DeleteAsync<T>(string? ns, string name, V1DeleteOptions? options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.DeleteAsync<T>(ns, name, options, ct);

    private async Task InterfereAsync()
    {
        if (BeforeNextStatusWrite is { } hook)
        {
            BeforeNextStatusWrite = null;
            await hook();
        }
    }
}
