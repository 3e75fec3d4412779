using System.Collections.Concurrent;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

/// <summary>The informer's initial list is paginated (limit/continue) and workers start only once caches have synced.</summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class InformerListTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    /// <summary>The real list and watch, recording each list request's limit, continue token and item count.</summary>
    private sealed class RecordingListWatch<T>(IListWatch<T> inner) : IListWatch<T>
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        public readonly ConcurrentQueue<(int Limit, string? Continue, int Items)> Lists = new();

        public async Task<KubeList<T>> ListAsync(int limit, string? continueToken, CancellationToken ct)
        {
            var page = await inner.ListAsync(limit, continueToken, ct);
            Lists.Enqueue((limit, continueToken, page.Items.Count));
            return page;
        }

        public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, CancellationToken ct) => inner.WatchAsync(resourceVersion, ct);
    }

    private async Task<string> NamespaceWithLeasesAsync(string prefix, int count, IKubeClient client, CancellationToken ct)
    {
        var ns = await cp.CreateNamespaceAsync(prefix, ct);
        for (var i = 0; i < count; i++)
        {
            await client.CreateAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = $"l{i}", NamespaceProperty = ns }, Spec = new V1LeaseSpec { HolderIdentity = "x" } }, ct);
        }

        return ns;
    }

    [Fact]
    public async Task Initial_list_is_read_in_pages_and_handlers_hear_of_it_once_it_is_complete()
    {
        var ct = Timeouts.Ct(90);
        using var client = cp.CreateAdminClient();
        var ns = await NamespaceWithLeasesAsync("pages", 7, client, ct);
        var source = new RecordingListWatch<V1Lease>(new ListWatch<V1Lease>(client, ns, null));
        var informer = new Informer<V1Lease>(source, new InformerOptions { PageSize = 3 });
        var listsAtFirstAdd = -1;
        informer.AddHandler((_, _) => Interlocked.CompareExchange(ref listsAtFirstAdd, source.Lists.Count, -1));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(ct);

        var lists = source.Lists.ToArray();
        lists.Select(l => l.Limit).ShouldBe([3, 3, 3]);
        lists.Select(l => l.Items).ShouldBe([3, 3, 1]);
        lists[0].Continue.ShouldBeNull();
        lists[1].Continue.ShouldNotBeNullOrEmpty();
        lists[2].Continue.ShouldNotBeNullOrEmpty();
        lists[2].Continue.ShouldNotBe(lists[1].Continue);
        listsAtFirstAdd.ShouldBe(3);
        informer.List().Select(l => l.Metadata.Name).Order().ShouldBe(Enumerable.Range(0, 7).Select(i => $"l{i}"));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }

    private sealed class SyncObservingReconciler(SharedInformers informers, string ns) : IReconciler
    {
        public readonly ConcurrentQueue<(bool Synced, int Cached)> Calls = new();

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
        {
            Calls.Enqueue((informers.HasSynced, informers.Get<V1Lease>(ns).List().Count));
            return Task.FromResult(ReconcileResult.Done);
        }
    }

    [Fact]
    public async Task Workers_start_only_after_every_cache_has_synced()
    {
        var ct = Timeouts.Ct(90);
        using var client = cp.CreateAdminClient();
        var ns = await NamespaceWithLeasesAsync("synced", 5, client, ct);
        var informers = new SharedInformers(client, options: new InformerOptions { PageSize = 2 });
        var reconciler = new SyncObservingReconciler(informers, ns);
        var controller = new ControllerBuilder("leases", informers).For<V1Lease>(ns).WithReconciler(reconciler).WithWorkers(4).Build();
        controller.Queue.Add(new ObjectKey(ns, "l0")); // queued before the caches exist: a worker that ran early would see them empty
        var manager = new ControllerManager(informers, [controller]);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = manager.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => reconciler.Calls.Count >= 5, "every lease reconciled");
        reconciler.Calls.ShouldAllBe(c => c.Synced && c.Cached == 5);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }
}
