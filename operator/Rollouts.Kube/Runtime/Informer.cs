using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rollouts.Kube;

/// <summary>
/// Lists then watches one resource type into an in-memory cache keyed by namespace/name (client-go's informer,
/// resync-free). Handlers are told of adds, updates and deletes and should only enqueue keys; reconcilers read the
/// cache with <see cref="Get(ObjectKey)"/> and <see cref="List"/>. Cached objects are shared: do not mutate them
/// (copy with <see cref="KubeJson.Clone{T}"/>). On 410 Gone the informer relists and reports the differences
/// (objects that vanished meanwhile as deletes).
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
public sealed class Informer<T> : IInformer
    where T : KubeObject, IKubeResource
{
    private readonly ConcurrentDictionary<ObjectKey, T> cache = new();
    private readonly List<Action<WatchEventType, T>> handlers = [];
    private readonly IKubeClient client;
    private readonly InformerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates an informer (not started: call <see cref="RunAsync"/>).</summary>
    public Informer(IKubeClient client, InformerOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        this.client = client;
        this.options = options ?? new InformerOptions();
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public ResourceType Resource => T.Resource;

    /// <inheritdoc />
    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>The resourceVersion of the last list or event applied to the cache.</summary>
    public string? LastResourceVersion { get; private set; }

    /// <summary>Number of complete lists done so far (1 after the first sync; more after relists).</summary>
    public int ListCount { get; private set; }

    /// <summary>Registers a change handler, called on the informer's task for every add (<see cref="WatchEventType.Added"/>),
    /// update (<see cref="WatchEventType.Modified"/>, the new object) and delete (<see cref="WatchEventType.Deleted"/>,
    /// the last known object). Register before <see cref="RunAsync"/>; the handler must be fast and not throw.</summary>
    public void AddHandler(Action<WatchEventType, T> handler)
    {
        lock (handlers)
        {
            handlers.Add(handler);
        }
    }

    /// <summary>The cached object, or null.</summary>
    public T? Get(ObjectKey key) => cache.TryGetValue(key, out var o) ? o : null;

    /// <summary>The cached object, or null.</summary>
    public T? Get(string? ns, string name) => Get(new ObjectKey(ns, name));

    /// <summary>Cached objects, optionally of one namespace.</summary>
    public IReadOnlyList<T> List(string? ns = null) =>
        [.. cache.Values.Where(o => ns is null || o.Metadata.Namespace == ns)];

    /// <summary>Completes when the first list is in the cache.</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => synced.Task.WaitAsync(ct);

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var rv = await RelistAsync(ct).ConfigureAwait(false);
                failures = 0;
                await WatchAsync(rv, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (KubeApiException e) when (e.Reason == StatusReason.Gone)
            {
                InformerLog.Relisting(logger, Resource.Kind, e.Message);
            }
            catch (Exception e)
            {
                failures++;
                var delay = TimeSpan.FromSeconds(Math.Min(30, 0.5 * Math.Pow(2, Math.Min(failures, 6))));
                InformerLog.ListWatchFailed(logger, Resource.Kind, delay.TotalSeconds, e);
                try
                {
                    await Task.Delay(delay, time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<string?> RelistAsync(CancellationToken ct)
    {
        var fresh = new Dictionary<ObjectKey, T>();
        string? cont = null;
        string? rv;
        do
        {
            var page = await client.ListAsync<T>(options.Namespace, new ListOptions
            {
                LabelSelector = options.LabelSelector,
                Limit = options.PageSize,
                Continue = cont,
            }, ct).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                fresh[item.Key] = item;
            }

            cont = page.Metadata.Continue;
            rv = page.Metadata.ResourceVersion;
        }
        while (!string.IsNullOrEmpty(cont));

        foreach (var (key, old) in cache)
        {
            if (!fresh.ContainsKey(key) && cache.TryRemove(key, out _))
            {
                Notify(WatchEventType.Deleted, old);
            }
        }

        foreach (var (key, obj) in fresh)
        {
            var existed = cache.TryGetValue(key, out var old);
            cache[key] = obj;
            if (!existed)
            {
                Notify(WatchEventType.Added, obj);
            }
            else if (old!.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
            {
                Notify(WatchEventType.Modified, obj);
            }
        }

        LastResourceVersion = rv;
        ListCount++;
        synced.TrySetResult();
        return rv;
    }

    private async Task WatchAsync(string? rv, CancellationToken ct)
    {
        var watch = new WatchOptions { ResourceVersion = rv, LabelSelector = options.LabelSelector };
        await foreach (var ev in client.WatchAsync<T>(options.Namespace, watch, ct).ConfigureAwait(false))
        {
            LastResourceVersion = ev.Object.Metadata.ResourceVersion ?? LastResourceVersion;
            switch (ev.Type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    var existed = cache.ContainsKey(ev.Object.Key);
                    cache[ev.Object.Key] = ev.Object;
                    Notify(existed ? WatchEventType.Modified : WatchEventType.Added, ev.Object);
                    break;
                case WatchEventType.Deleted:
                    cache.TryRemove(ev.Object.Key, out _);
                    Notify(WatchEventType.Deleted, ev.Object);
                    break;
                case WatchEventType.Bookmark:
                    break;
            }
        }
    }

    private void Notify(WatchEventType type, T obj)
    {
        Action<WatchEventType, T>[] snapshot;
        lock (handlers)
        {
            snapshot = [.. handlers];
        }

        foreach (var h in snapshot)
        {
            try
            {
                h(type, obj);
            }
            catch (Exception e)
            {
                InformerLog.HandlerFailed(logger, Resource.Kind, e);
            }
        }
    }
}
