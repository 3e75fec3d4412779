using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rollouts.Kube;

/// <summary>
/// Lists then watches one resource type into an in-memory cache keyed by namespace/name (client-go's informer and
/// reflector, resync-free), through an <see cref="IListWatch{T}"/>. A watch that ends (the server's timeout) or drops
/// (a transport error, after a backoff) is resumed from the last resourceVersion seen, bookmarks included; 410 Gone
/// (the version is too old) relists and reports the differences, objects that vanished meanwhile as deletes.
/// Every object passes a transform before it enters the cache or reaches a handler (<see cref="CacheTransform"/> of
/// the type unless another is given: managedFields and kubectl's last-applied annotation dropped, children compact).
/// Cached objects are shared: do not mutate them (copy with <see cref="KubeObjects.Clone{T}"/>). Handlers are told
/// of adds, updates and deletes and should only enqueue keys; reconcilers read the cache with <see cref="Get(ObjectKey)"/>
/// and <see cref="List"/>.
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
public sealed class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<ObjectKey, T> cache = new();
    private readonly List<Action<WatchEventType, T>> handlers = [];
    private readonly IListWatch<T> source;
    private readonly InformerOptions options;
    private readonly Func<T, T> transform;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int listCount;
    private int watchCount;

    /// <summary>Creates an informer (not started: call <see cref="RunAsync"/>).</summary>
    /// <param name="source">The list and watch calls.</param>
    /// <param name="options">Page size; null for the defaults.</param>
    /// <param name="time">Clock of the backoff after failures; null for the system clock.</param>
    /// <param name="logger">Logger; null for none.</param>
    /// <param name="transform">What of each decoded object to keep (it may reuse parts of its argument); null for
    /// <see cref="CacheTransform.For{T}"/>.</param>
    public Informer(IListWatch<T> source, InformerOptions? options = null, TimeProvider? time = null, ILogger? logger = null, Func<T, T>? transform = null)
    {
        this.source = source;
        this.transform = transform ?? CacheTransform.For<T>();
        this.options = options ?? new InformerOptions();
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public KubeResource Resource => KubeResource.Of<T>();

    /// <inheritdoc />
    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>The resourceVersion of the last list or event (bookmarks included) applied to the cache.</summary>
    public string? LastResourceVersion { get; private set; }

    /// <summary>Complete lists done so far (1 after the first sync; more after relists).</summary>
    public int ListCount => Volatile.Read(ref listCount);

    /// <summary>Watch requests opened so far (each resume opens one).</summary>
    public int WatchCount => Volatile.Read(ref watchCount);

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
        [.. cache.Values.Where(o => ns is null || o.Metadata.NamespaceProperty == ns)];

    /// <inheritdoc />
    public Task WaitForSyncAsync(CancellationToken ct) => synced.Task.WaitAsync(ct);

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken ct)
    {
        var failures = 0;
        string? resume = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                resume ??= await RelistAsync(ct).ConfigureAwait(false);
                var started = time.GetTimestamp();
                var events = await WatchAsync(resume, ct).ConfigureAwait(false);
                resume = LastResourceVersion ?? resume;
                if (events == 0 && time.GetElapsedTime(started) < ShortWatch)
                {
                    // A watch that the server ends at once is not progress: back off as after a failure.
                    throw new IOException("the watch ended at once without events");
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (KubeApiException e) when (e.Reason == StatusReason.Gone)
            {
                InformerLog.Relisting(logger, Resource.Kind, e.Message);
                resume = null;
            }
            catch (Exception e)
            {
                // A dropped watch resumes from the last resourceVersion (resume is set); a failed list is listed again (it is not).
                resume = resume is null ? null : LastResourceVersion ?? resume;
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

    private async Task<string> RelistAsync(CancellationToken ct)
    {
        var fresh = new Dictionary<ObjectKey, T>();
        string? cont = null;
        string? rv;
        do
        {
            var page = await source.ListAsync(options.PageSize, cont, ct).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                fresh[item.Key()] = transform(item);
            }

            cont = page.Metadata?.ContinueProperty;
            rv = page.Metadata?.ResourceVersion;
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
        Interlocked.Increment(ref listCount);
        synced.TrySetResult();
        return rv ?? "";
    }

    // One watch request; returns the number of events applied.
    private async Task<int> WatchAsync(string resourceVersion, CancellationToken ct)
    {
        Interlocked.Increment(ref watchCount);
        var events = 0;
        await foreach (var (type, obj) in source.WatchAsync(resourceVersion, ct).ConfigureAwait(false))
        {
            events++;
            LastResourceVersion = obj.Metadata?.ResourceVersion ?? LastResourceVersion;
            switch (type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    var key = obj.Key();
                    var kept = transform(obj);
                    var existed = cache.ContainsKey(key);
                    cache[key] = kept;
                    Notify(existed ? WatchEventType.Modified : WatchEventType.Added, kept);
                    break;
                case WatchEventType.Deleted:
                    var last = transform(obj);
                    cache.TryRemove(last.Key(), out _);
                    Notify(WatchEventType.Deleted, last);
                    break;
            }
        }

        return events;
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
