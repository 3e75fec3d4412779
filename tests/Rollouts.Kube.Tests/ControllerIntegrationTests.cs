using System.Collections.Concurrent;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

[Collection(ControlPlaneFixture.Collection)]
public sealed class ControllerIntegrationTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    /// <summary>A write conditional on the cached resourceVersion; the first attempt is made stale on purpose by a second writer.</summary>
    private sealed class AnnotatingReconciler(SharedInformers informers, IKubeClient client, IKubeClient intruder) : IReconciler
    {
        public readonly ConcurrentQueue<ObjectKey> Seen = new();
        public int Conflicts;
        public int Attempts;

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
        {
            Seen.Enqueue(key);
            var cached = informers.Get<V1Lease>(key.Namespace).Get(key);
            if (cached is null || cached.Metadata.Annotations?.ContainsKey("reconciled") == true)
            {
                return ReconcileResult.Done;
            }

            if (Interlocked.Increment(ref Attempts) == 1)
            {
                await intruder.MergePatchAsync<V1Lease>(key.Namespace, key.Name, new { metadata = new { labels = new { intruder = "was-here" } } }, ct);
            }

            // A write conditional on the resourceVersion the cache showed (the reconciler's status writes are too).
            var patch = new { metadata = new { resourceVersion = cached.Metadata.ResourceVersion, annotations = new Dictionary<string, string> { ["reconciled"] = "true" } } };
            try
            {
                await client.MergePatchAsync<V1Lease>(key.Namespace, key.Name, patch, ct);
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
            .For<V1Lease>(ns)
            .Owns<V1Service>(ns)
            .WithReconciler(reconciler)
            .Build();
        var manager = new ControllerManager(informers, [controller]);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = manager.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => manager.IsReady && manager.IsLeading, "manager ready");

        var owner = await client.CreateAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = "owner", NamespaceProperty = ns } }, ct);
        await Eventually.TrueAsync(
            async () => (await client.GetAsync<V1Lease>(ns, "owner", ct))!.Metadata.Annotations.ValueOrDefault("reconciled") == "true",
            "owner annotated despite the conflict");
        reconciler.Conflicts.ShouldBeGreaterThanOrEqualTo(1);
        (await client.GetAsync<V1Lease>(ns, "owner", ct))!.Metadata.Labels["intruder"].ShouldBe("was-here"); // nothing lost

        // An owned Service (controller ownerReference to the Lease) enqueues the owner's key when it changes.
        var before = reconciler.Seen.Count;
        await client.CreateAsync(new V1Service
        {
            Metadata = new V1ObjectMeta
            {
                Name = "owned",
                NamespaceProperty = ns,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "coordination.k8s.io/v1", Kind = "Lease", Name = "owner", Uid = owner.Metadata.Uid, Controller = true }],
            },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
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
        var lease = await client.CreateAsync(new V1Lease { ApiVersion = "coordination.k8s.io/v1", Kind = "Lease", Metadata = new V1ObjectMeta { Name = "subject", NamespaceProperty = ns } }, ct);
        var recorder = new KubeEventRecorder(client, "model-rollouts", "test-pod");

        await recorder.RecordAsync(lease, EventType.Normal, "CanaryStepStarted", "step 1: weight 10", ct);
        await recorder.RecordAsync(lease, EventType.Normal, "CanaryStepStarted", "step 1: weight 10", ct);
        await recorder.RecordAsync(lease, EventType.Warning, "AnalysisFailed", "error rate 0.2 > 0.05", ct);

        var events = (await client.ListAsync<Corev1Event>(ns, null, ct)).Items;
        events.Count.ShouldBe(2);
        var started = events.Single(e => e.Reason == "CanaryStepStarted");
        started.Count.ShouldBe(2);
        started.Type.ShouldBe("Normal");
        started.InvolvedObject.Uid.ShouldBe(lease.Metadata.Uid);
        started.InvolvedObject.Kind.ShouldBe("Lease");
        events.Single(e => e.Reason == "AnalysisFailed").Type.ShouldBe("Warning");
    }
}
