using System.Collections.Concurrent;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

[Collection(ControlPlaneFixture.Collection)]
public sealed class ControllerIntegrationTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    /// <summary>Read-modify-write from the cache; the first attempt is made stale on purpose by a second writer.</summary>
    private sealed class AnnotatingReconciler(SharedInformers informers, IKubeClient client, IKubeClient intruder) : IReconciler
    {
        public readonly ConcurrentQueue<ObjectKey> Seen = new();
        public int Conflicts;
        public int Attempts;

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
        {
            Seen.Enqueue(key);
            var cached = informers.Get<Lease>(key.Namespace).Get(key);
            if (cached is null || cached.Metadata.Annotations?.ContainsKey("reconciled") == true)
            {
                return ReconcileResult.Done;
            }

            if (Interlocked.Increment(ref Attempts) == 1)
            {
                await intruder.MergePatchAsync<Lease>(key.Namespace, key.Name, new { metadata = new { labels = new { intruder = "was-here" } } }, ct);
            }

            var copy = KubeJson.Clone(cached);
            copy.Metadata.Annotations ??= [];
            copy.Metadata.Annotations["reconciled"] = "true";
            try
            {
                await client.ReplaceAsync(copy, ct);
            }
            catch (KubeApiException e) when (e.Reason == StatusReason.Conflict)
            {
                Interlocked.Increment(ref Conflicts);
                throw; // the runtime requeues with backoff; the next pass reads the fresh cache
            }

            return ReconcileResult.Done;
        }
    }

    [Fact]
    public async Task A_conflict_on_update_is_retried_and_owned_objects_enqueue_their_owner()
    {
        var ct = Timeouts.Ct(120);
        var ns = await cp.CreateNamespaceAsync("ctrl", ct);
        using var client = cp.CreateAdminClient();
        using var intruder = cp.CreateAdminClient();
        var informers = new SharedInformers(client);
        var reconciler = new AnnotatingReconciler(informers, client, intruder);
        var controller = new ControllerBuilder("lease-annotator", informers)
            .For<Lease>(ns)
            .Owns<Service>(ns)
            .WithReconciler(reconciler)
            .Build();
        var manager = new ControllerManager(informers, [controller]);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = manager.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => manager.IsReady && manager.IsLeading, "manager ready");

        var owner = await client.CreateAsync(new Lease { Metadata = new ObjectMeta { Name = "owner", Namespace = ns } }, ct);
        await Eventually.TrueAsync(
            async () => (await client.GetAsync<Lease>(ns, "owner", ct))!.Metadata.Annotations?.GetValueOrDefault("reconciled") == "true",
            "owner annotated despite the conflict");
        reconciler.Conflicts.ShouldBeGreaterThanOrEqualTo(1);
        (await client.GetAsync<Lease>(ns, "owner", ct))!.Metadata.Labels!["intruder"].ShouldBe("was-here"); // nothing lost

        // An owned Service (controller ownerReference to the Lease) enqueues the owner's key when it changes.
        var before = reconciler.Seen.Count;
        await client.CreateAsync(new Service
        {
            Metadata = new ObjectMeta
            {
                Name = "owned",
                Namespace = ns,
                OwnerReferences = [new OwnerReference { ApiVersion = "coordination.k8s.io/v1", Kind = "Lease", Name = "owner", Uid = owner.Metadata.Uid!, Controller = true }],
            },
            Spec = new ServiceSpec { Ports = [new ServicePort { Port = 80 }] },
        }, ct);
        await Eventually.TrueAsync(() => reconciler.Seen.Count > before, "owner reconciled after the owned service was created");
        reconciler.Seen.ShouldAllBe(k => k == new ObjectKey(ns, "owner"));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30), ct);
    }

    [Fact]
    public async Task Events_are_recorded_about_an_object_and_repeats_are_counted()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("events", ct);
        using var client = cp.CreateAdminClient();
        var lease = await client.CreateAsync(new Lease { Metadata = new ObjectMeta { Name = "subject", Namespace = ns } }, ct);
        var recorder = new KubeEventRecorder(client, "model-rollouts", "test-pod");

        await recorder.RecordAsync(lease, EventType.Normal, "CanaryStepStarted", "step 1: weight 10", ct);
        await recorder.RecordAsync(lease, EventType.Normal, "CanaryStepStarted", "step 1: weight 10", ct);
        await recorder.RecordAsync(lease, EventType.Warning, "AnalysisFailed", "error rate 0.2 > 0.05", ct);

        var events = (await client.ListAsync<Event>(ns, null, ct)).Items;
        events.Count.ShouldBe(2);
        var started = events.Single(e => e.Reason == "CanaryStepStarted");
        started.Count.ShouldBe(2);
        started.Type.ShouldBe("Normal");
        started.InvolvedObject.Uid.ShouldBe(lease.Metadata.Uid);
        started.InvolvedObject.Kind.ShouldBe("Lease");
        events.Single(e => e.Reason == "AnalysisFailed").Type.ShouldBe("Warning");
    }
}
