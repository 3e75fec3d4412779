using System.Collections.Concurrent;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

[Collection(ControlPlaneFixture.Collection)]
public sealed class LeaderElectionTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    private static readonly LeaderElectionOptions Fast = new()
    {
        LeaseName = "operator",
        LeaseNamespace = "placeholder",
        Identity = "placeholder",
        LeaseDuration = TimeSpan.FromSeconds(4),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(400),
    };

    /// <summary>Marks each Service with the identity of the replica that reconciled it.</summary>
    private sealed class MarkingReconciler(string identity, IKubeClient client, ConcurrentBag<string> writers) : IReconciler
    {
        public int Writes;

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
        {
            Interlocked.Increment(ref Writes);
            writers.Add(identity);
            await client.MergePatchAsync<V1Service>(key.Namespace, key.Name, new { metadata = new { annotations = new Dictionary<string, string> { ["writer"] = identity } } }, ct);
            return ReconcileResult.Done;
        }
    }

    private sealed record Replica(string Identity, ControllerManager Manager, MarkingReconciler Reconciler, CancellationTokenSource Stop, Task Run, IDisposable Client);

    private Replica Start(string ns, string identity, ConcurrentBag<string> writers, IKubernetes? electionApi = null)
    {
        var client = cp.CreateAdminClient();
        var informers = new SharedInformers(client);
        var reconciler = new MarkingReconciler(identity, client, writers);
        var controller = new ControllerBuilder("marker", informers).For<V1Service>(ns).WithReconciler(reconciler).Build();
        var elector = new LeaderElectionRunner(electionApi ?? client.Api, Fast with { LeaseNamespace = ns, Identity = identity });
        var manager = new ControllerManager(informers, [controller], elector);
        var stop = new CancellationTokenSource();
        return new Replica(identity, manager, reconciler, stop, manager.RunAsync(stop.Token), client);
    }

    private static V1Service NewService(string ns, string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
    };

    [Fact]
    public async Task Only_the_leader_reconciles_and_the_other_takes_over_when_it_stops()
    {
        var ct = Timeouts.Ct(120);
        var ns = await cp.CreateNamespaceAsync("leader", ct);
        using var client = cp.CreateAdminClient();
        var writers = new ConcurrentBag<string>();
        var a = Start(ns, "replica-a", writers);
        var b = Start(ns, "replica-b", writers);
        try
        {
            await Eventually.TrueAsync(() => a.Manager.IsLeading || b.Manager.IsLeading, "a leader is elected");
            var (leader, follower) = a.Manager.IsLeading ? (a, b) : (b, a);
            follower.Manager.IsLeading.ShouldBeFalse();

            await client.CreateAsync(NewService(ns, "s1"), ct);
            await Eventually.TrueAsync(async () => (await client.GetAsync<V1Service>(ns, "s1", ct))!.Metadata.Annotations.ValueOrDefault("writer") == leader.Identity, "leader reconciled s1");
            follower.Reconciler.Writes.ShouldBe(0);
            follower.Manager.Informers.HasSynced.ShouldBeTrue(); // informers run on every replica

            // Graceful stop: in-flight work ends, the lease is released, the follower takes over.
            await leader.Stop.CancelAsync();
            await leader.Run.WaitAsync(TimeSpan.FromSeconds(30), ct);
            leader.Manager.IsLeading.ShouldBeFalse();
            var leaderWrites = leader.Reconciler.Writes;
            var lease = await client.GetAsync<V1Lease>(ns, "operator", ct);
            lease!.Spec.HolderIdentity.ShouldNotBe(leader.Identity);

            var stopped = DateTime.UtcNow;
            await Eventually.TrueAsync(() => follower.Manager.IsLeading, "follower takes over");

            // Released, the lease is taken at the follower's next attempt; unreleased, the follower would wait out the
            // lease duration after the last renewal, at least LeaseDuration - RetryPeriod after the stop.
            (DateTime.UtcNow - stopped).ShouldBeLessThan(Fast.LeaseDuration - Fast.RetryPeriod);
            await client.CreateAsync(NewService(ns, "s2"), ct);
            await Eventually.TrueAsync(async () => (await client.GetAsync<V1Service>(ns, "s2", ct))!.Metadata.Annotations.ValueOrDefault("writer") == follower.Identity, "new leader reconciled s2");
            leader.Reconciler.Writes.ShouldBe(leaderWrites); // the old leader has stopped writing
            (await client.GetAsync<V1Lease>(ns, "operator", ct))!.Spec.HolderIdentity.ShouldBe(follower.Identity);
        }
        finally
        {
            await StopAsync(a, b);
        }
    }

    [Fact]
    public async Task A_leader_that_cannot_renew_stops_working_before_the_lease_expires_for_others()
    {
        var ct = Timeouts.Ct(120);
        var ns = await cp.CreateNamespaceAsync("renew", ct);
        var writers = new ConcurrentBag<string>();
        var flaky = new FailingHandler();
        using var flakyApi = new Kubernetes(cp.AdminConfiguration, flaky);
        var a = Start(ns, "replica-a", writers, flakyApi);
        await Eventually.TrueAsync(() => a.Manager.IsLeading, "a leads");
        var b = Start(ns, "replica-b", writers);
        try
        {
            await Eventually.TrueAsync(() => b.Manager.Informers.HasSynced, "b synced");
            b.Manager.IsLeading.ShouldBeFalse();

            flaky.Failing = true; // a's lease renewals now fail (as on a network partition from the API server)
            DateTime? aStopped = null, bStarted = null;
            await Eventually.TrueAsync(() =>
            {
                aStopped ??= a.Manager.IsLeading ? null : DateTime.UtcNow;
                bStarted ??= b.Manager.IsLeading ? DateTime.UtcNow : null;
                return aStopped is not null && bStarted is not null;
            }, "a stops and b takes over");

            aStopped!.Value.ShouldBeLessThan(bStarted!.Value);
            (bStarted.Value - aStopped.Value).ShouldBeGreaterThan(TimeSpan.FromSeconds(1)); // lease duration − renew deadline = 2 s
        }
        finally
        {
            await StopAsync(a, b);
        }
    }

    private static bool IsLeaseWrite(HttpRequestMessage request) =>
        request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.Contains("/leases/", StringComparison.Ordinal);

    [Fact]
    public async Task A_shutdown_that_lands_during_a_renewal_still_releases_the_lease()
    {
        var ct = Timeouts.Ct(120);
        var ns = await cp.CreateNamespaceAsync("release", ct);
        using var client = cp.CreateAdminClient();
        TaskCompletionSource? hold = null;
        var slow = new InterceptingHandler(async (request, token) =>
        {
            if (IsLeaseWrite(request) && Interlocked.Exchange(ref hold, null) is { } held)
            {
                held.SetResult();
                await Task.Delay(Timeout.Infinite, token); // unanswered until the request is cancelled
            }
        });
        using var slowApi = new Kubernetes(cp.AdminConfiguration, slow);
        var a = Start(ns, "replica-a", [], slowApi);
        try
        {
            await Eventually.TrueAsync(() => a.Manager.IsLeading, "a leads");
            var renewalHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref hold, renewalHeld);
            await renewalHeld.Task.WaitAsync(ct); // a renewal is in flight and unanswered

            await a.Stop.CancelAsync(); // shutdown cancels it: the library's renew loop then ends as if leadership were lost
            await a.Run.WaitAsync(TimeSpan.FromSeconds(30), ct);

            var lease = (await client.GetAsync<V1Lease>(ns, "operator", ct))!;
            lease.Spec.HolderIdentity.ShouldBeNullOrEmpty();
            lease.Spec.LeaseDurationSeconds.ShouldBe(1);
        }
        finally
        {
            await StopAsync(a);
        }
    }

    [Fact]
    public async Task A_release_that_conflicts_reads_the_lease_again_and_still_releases_it()
    {
        var ct = Timeouts.Ct(120);
        var ns = await cp.CreateNamespaceAsync("conflict", ct);
        using var client = cp.CreateAdminClient();
        var interfered = 0;
        var racing = new InterceptingHandler(async (request, token) =>
        {
            // The first release write finds the lease changed since the release read it (as when a renewal cut by the
            // shutdown lands late): the write is conditional on the resourceVersion read, so it is refused with 409.
            if (IsLeaseWrite(request) && (await request.Content!.ReadAsStringAsync(token)).Contains("\"holderIdentity\":\"\"", StringComparison.Ordinal)
                && Interlocked.Exchange(ref interfered, 1) == 0)
            {
                await client.MergePatchAsync<V1Lease>(ns, "operator", new { metadata = new { annotations = new Dictionary<string, string> { ["bump"] = "1" } } }, token);
            }
        });
        using var racingApi = new Kubernetes(cp.AdminConfiguration, racing);
        var a = Start(ns, "replica-a", [], racingApi);
        try
        {
            await Eventually.TrueAsync(() => a.Manager.IsLeading, "a leads");
            await a.Stop.CancelAsync();
            await a.Run.WaitAsync(TimeSpan.FromSeconds(30), ct);

            interfered.ShouldBe(1);
            var lease = (await client.GetAsync<V1Lease>(ns, "operator", ct))!;
            lease.Metadata.Annotations.ShouldContainKey("bump");
            lease.Spec.HolderIdentity.ShouldBeNullOrEmpty();
        }
        finally
        {
            await StopAsync(a);
        }
    }

    private static async Task StopAsync(params Replica[] replicas)
    {
        foreach (var r in replicas)
        {
            await r.Stop.CancelAsync();
        }

        foreach (var r in replicas)
        {
            await r.Run.WaitAsync(TimeSpan.FromSeconds(30));
            r.Stop.Dispose();
            r.Client.Dispose();
        }
    }
}
