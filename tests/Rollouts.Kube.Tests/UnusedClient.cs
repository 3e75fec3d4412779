namespace Rollouts.Kube.Tests;

/// <summary>A client for tests that never reach the API (informers are built but not run).</summary>
public sealed class UnusedClient : IKubeClient
{
    public string DefaultNamespace => "default";

    public Task<T?> GetAsync<T>(string? ns, string name, CancellationToken ct) where T : KubeObject, IKubeResource => throw Unused();

    public Task<KubeList<T>> ListAsync<T>(string? ns, ListOptions? options, CancellationToken ct) where T : KubeObject, IKubeResource => throw Unused();

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? ns, WatchOptions options, CancellationToken ct) where T : KubeObject, IKubeResource => throw Unused();

    public Task<T> CreateAsync<T>(T obj, CancellationToken ct) where T : KubeObject, IKubeResource => throw Unused();

    public Task<T> ReplaceAsync<T>(T obj, CancellationToken ct) where T : KubeObject, IKubeResource => throw Unused();

    public Task<T> ReplaceStatusAsync<T>(T obj, CancellationToken ct) where T : KubeObject, IKubeResource => throw Unused();

    public Task<T> ApplyAsync<T>(T obj, ApplyOptions options, CancellationToken ct) where T : KubeObject, IKubeResource => throw Unused();

    public Task<T> ApplyStatusAsync<T>(T obj, ApplyOptions options, CancellationToken ct) where T : KubeObject, IKubeResource => throw Unused();

    public Task<T> MergePatchAsync<T>(string? ns, string name, object patch, CancellationToken ct) where T : KubeObject, IKubeResource => throw Unused();

    public Task<T> MergePatchStatusAsync<T>(string? ns, string name, object patch, CancellationToken ct) where T : KubeObject, IKubeResource => throw Unused();

    public Task<bool> DeleteAsync<T>(string? ns, string name, DeleteOptions? options, CancellationToken ct) where T : KubeObject, IKubeResource => throw Unused();

    private static InvalidOperationException Unused() => new("this test must not call the API");
}
