using Microsoft.Extensions.Time.Testing;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

[Collection(ControlPlaneFixture.Collection)]
public sealed class WriteFenceTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    [Fact]
    public void A_renewal_opens_writes_until_its_send_time_plus_the_renew_deadline_and_a_revocation_closes_them_at_once()
    {
        var time = new FakeTimeProvider();
        var fence = WriteFence.ForLease(TimeSpan.FromSeconds(10), time);
        fence.AllowsWrites.ShouldBeFalse("no Lease yet");

        var sentAt = fence.Now();
        time.Advance(TimeSpan.FromSeconds(3)); // the renew took 3 s to come back: validity counts from the send
        fence.Renewed(sentAt);
        fence.AllowsWrites.ShouldBeTrue();
        time.Advance(TimeSpan.FromSeconds(6.9));
        fence.AllowsWrites.ShouldBeTrue();
        time.Advance(TimeSpan.FromSeconds(0.2)); // frozen past the deadline: closed without any event
        fence.AllowsWrites.ShouldBeFalse();

        fence.Renewed(fence.Now());
        fence.AllowsWrites.ShouldBeTrue();
        fence.Revoke();
        fence.AllowsWrites.ShouldBeFalse();
        WriteFence.Unfenced.AllowsWrites.ShouldBeTrue();
    }

    [Fact]
    public async Task A_closed_fence_refuses_writes_before_they_leave_but_lets_reads_and_leases_through()
    {
        var ct = CancellationToken.None;
        var ns = await cp.CreateNamespaceAsync("fence", ct);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var fence = WriteFence.ForLease(TimeSpan.FromSeconds(10), time);
        var metrics = new CountingMetrics();
        using var client = KubeClient.Create(cp.AdminConfiguration, new KubeClientOptions { FieldManager = ControlPlane.TestFieldManager }, metrics, fence: fence);
        var map = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "m", NamespaceProperty = ns } };

        var refused = await Should.ThrowAsync<KubeApiException>(() => client.CreateAsync(map, ct));
        refused.Status.Reason.ShouldBe(WriteFenceHandler.Reason);
        metrics.Requests.ShouldBe(0, "a refused write never reaches the server");
        (await client.GetAsync<V1ConfigMap>(ns, "m", ct)).ShouldBeNull();
        await client.CreateAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = "l", NamespaceProperty = ns }, Spec = new V1LeaseSpec { HolderIdentity = "me" } }, ct);

        fence.Renewed(fence.Now());
        await client.CreateAsync(map, ct);
        (await client.GetAsync<V1ConfigMap>(ns, "m", ct)).ShouldNotBeNull();
    }

    private sealed class CountingMetrics : IRuntimeMetrics
    {
        public int Requests;

        public void ApiRequest(string verb, string resource, int code, double seconds)
        {
            if (resource == "configmaps" && verb is not "get")
            {
                Interlocked.Increment(ref Requests);
            }
        }

        public void QueueAdd(string queue) { }
        public void QueueDepth(string queue, int depth) { }
        public void QueueLatency(string queue, double seconds) { }
        public void WorkDuration(string queue, double seconds) { }
        public void QueueRetry(string queue) { }
        public void Reconcile(string controller, string result, double seconds) { }
        public void Leader(string lease, bool isLeader) { }
    }
}
