using System.Collections.Concurrent;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

[Collection(ControlPlaneFixture.Collection)]
public sealed class WatchTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    private static V1Lease NewLease(string ns, string name, string holder) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns }, Spec = new V1LeaseSpec { HolderIdentity = holder } };

    [Fact]
    public async Task Watch_streams_added_modified_and_deleted_in_order()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("watch", ct);
        using var client = cp.CreateAdminClient();
        var list = await client.ListAsync<V1Lease>(ns, null, ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var events = new List<(WatchEventType, string?, string?)>();
        var reader = Task.Run(async () =>
        {
            await foreach (var (type, lease) in client.WatchAsync<V1Lease>(ns, new WatchOptions { ResourceVersion = list.Metadata.ResourceVersion }, cts.Token))
            {
                if (type == WatchEventType.Bookmark)
                {
                    continue;
                }

                lock (events)
                {
                    events.Add((type, lease.Metadata.Name, lease.Spec.HolderIdentity));
                    if (type == WatchEventType.Deleted)
                    {
                        return;
                    }
                }
            }
        }, ct);

        await client.CreateAsync(NewLease(ns, "w", "a"), ct);
        await client.MergePatchAsync<V1Lease>(ns, "w", new { spec = new { holderIdentity = "b" } }, ct);
        await client.DeleteAsync<V1Lease>(ns, "w", null, ct);
        await reader.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await cts.CancelAsync();

        events.ShouldBe([(WatchEventType.Added, "w", "a"), (WatchEventType.Modified, "w", "b"), (WatchEventType.Deleted, "w", "b")]);
    }

    [Fact]
    public async Task Informer_survives_a_dropped_connection_and_410_Gone_without_missing_the_final_state()
    {
        var ct = Timeouts.Ct(150);
        var ns = await cp.CreateNamespaceAsync("gone", ct);
        using var client = cp.CreateAdminClient();
        await client.CreateAsync(NewLease(ns, "keep", "v1"), ct);
        await client.CreateAsync(NewLease(ns, "drop", "v1"), ct);

        var informer = new Informer<V1Lease>(new ListWatch<V1Lease>(client, ns, null), new InformerOptions { PageSize = 1 });
        var deletes = new ConcurrentQueue<string>();
        informer.AddHandler((type, l) =>
        {
            if (type == WatchEventType.Deleted)
            {
                deletes.Enqueue(l.Metadata.Name);
            }
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(ct);
        informer.List().Count.ShouldBe(2);
        informer.ListCount.ShouldBe(1);
        informer.List().ShouldAllBe(l => l.Metadata.ManagedFields == null); // the server sent them; the cache drops them
        var staleRv = informer.LastResourceVersion;

        // Restart the API server (the watch connection drops) and move etcd's revision on while it is down, so the
        // new server's watch cache starts after the informer's resourceVersion: the resumed watch gets 410 Gone.
        await cp.RestartApiServerAsync(async () => await cp.BumpEtcdRevisionAsync(ct), ct);

        await client.MergePatchAsync<V1Lease>(ns, "keep", new { spec = new { holderIdentity = "v2" } }, ct);
        await client.DeleteAsync<V1Lease>(ns, "drop", null, ct);
        await client.CreateAsync(NewLease(ns, "new", "v1"), ct);

        // The informer removes an object from its cache, then tells the handlers: wait for both.
        await Eventually.TrueAsync(
            () => informer.Get(ns, "keep")?.Spec.HolderIdentity == "v2" && informer.Get(ns, "drop") is null && informer.Get(ns, "new") is not null && deletes.Contains("drop"),
            "informer reaches the final state and the handler hears of the delete",
            TimeSpan.FromSeconds(60));
        informer.ListCount.ShouldBeGreaterThanOrEqualTo(2); // relisted after 410

        // A plain watch from the stale resourceVersion is refused with a typed Gone.
        var gone = await Should.ThrowAsync<KubeApiException>(async () =>
        {
            await foreach (var _ in client.WatchAsync<V1Lease>(ns, new WatchOptions { ResourceVersion = staleRv }, ct))
            {
            }
        });
        gone.Reason.ShouldBe(StatusReason.Gone);
        gone.Code.ShouldBe(410);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }
}
