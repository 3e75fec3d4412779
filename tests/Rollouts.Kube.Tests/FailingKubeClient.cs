namespace Rollouts.Kube.Tests;

/// <summary>Fault injection at the network boundary: while <see cref="Failing"/>, every call fails like an unreachable server.</summary>
public sealed class FailingKubeClient(IKubeClient inner) : IKubeClient
{
    public volatile bool Failing;

    public string DefaultNamespace => inner.DefaultNamespace;

    private void Check()
    {
        if (Failing)
        {
            throw new HttpRequestException("injected: connection refused");
        }
    }

    public Task<T?> GetAsync<T>(string? ns, string name, CancellationToken ct) where T : KubeObject, IKubeResource { Check(); return inner.GetAsync<T>(ns, name, ct); }

    public Task<KubeList<T>> ListAsync<T>(string? ns, ListOptions? options, CancellationToken ct) where T : KubeObject, IKubeResource { Check(); return inner.ListAsync<T>(ns, options, ct); }

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? ns, WatchOptions options, CancellationToken ct) where T : KubeObject, IKubeResource { Check(); return inner.WatchAsync<T>(ns, options, ct); }

    public Task<T> CreateAsync<T>(T obj, CancellationToken ct) where T : KubeObject, IKubeResource { Check(); return inner.CreateAsync(obj, ct); }

    public Task<T> ReplaceAsync<T>(T obj, CancellationToken ct) where T : KubeObject, IKubeResource { Check(); return inner.ReplaceAsync(obj, ct); }

    public Task<T> ReplaceStatusAsync<T>(T obj, CancellationToken ct) where T : KubeObject, IKubeResource { Check(); return inner.ReplaceStatusAsync(obj, ct); }

    public Task<T> ApplyAsync<T>(T obj, ApplyOptions options, CancellationToken ct) where T : KubeObject, IKubeResource { Check(); return inner.ApplyAsync(obj, options, ct); }

    public Task<T> ApplyStatusAsync<T>(T obj, ApplyOptions options, CancellationToken ct) where T : KubeObject, IKubeResource { Check(); return inner.ApplyStatusAsync(obj, options, ct); }

    public Task<T> MergePatchAsync<T>(string? ns, string name, object patch, CancellationToken ct) where T : KubeObject, IKubeResource { Check(); return inner.MergePatchAsync<T>(ns, name, patch, ct); }

    public Task<T> MergePatchStatusAsync<T>(string? ns, string name, object patch, CancellationToken ct) where T : KubeObject, IKubeResource { Check(); return inner.MergePatchStatusAsync<T>(ns, name, patch, ct); }

    public Task<bool> DeleteAsync<T>(string? ns, string name, DeleteOptions? options, CancellationToken ct) where T : KubeObject, IKubeResource { Check(); return inner.DeleteAsync<T>(ns, name, options, ct); }
}
