using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Operator.Tests.Integration;
using Rollouts.Operator.Workloads;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>Issue 11 item 1 on the real API server: passes over an unchanged object write nothing, and requeue only when time matters.</summary>
[Collection(RolloutCluster.Collection)]
public sealed class QuietReconcileTests(RolloutCluster cluster)
{
    private static ModelDeploymentSpec Spec(string version, bool gateway, params global::Rollouts.Api.Strategy.CanaryStep[] steps)
    {
        var spec = Canary(version, steps) with { ProgressDeadlineSeconds = 600, Analysis = null };
        return gateway ? spec : spec with { TrafficRouting = null };
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Passes_over_an_unchanged_healthy_object_write_nothing_for_a_minute(bool gateway)
    {
        await using var rig = await ReconcilerRig.StartAsync(cluster, gateway ? "quiet-gw" : "quiet-rr");
        await rig.Scenario.ApplyAsync("iris", Spec("1.0.0", gateway, Weight(50), Pause()));
        await rig.PassUntilAsync("iris", s => s.Phase == RolloutPhase.Healthy, "healthy");
        await rig.WaitForCachesAsync();
        await rig.PassAsync("iris"); // the status message may still catch up with the last Deployment status
        await rig.WaitForCachesAsync();

        rig.Counter.Clear();
        for (var i = 0; i < 7; i++)
        {
            var result = await rig.PassAsync("iris");
            result.Delay.ShouldBeNull("a healthy object at rest is never requeued");
            rig.Time.Advance(TimeSpan.FromSeconds(10));
        }

        rig.Counter.Writes().ShouldBeEmpty();
        rig.Counter.Requests.Count.ShouldBeGreaterThan(0, "the passes did run (they read the ModelDeployment live)");

        // Every child carries the applied hash the pass compared.
        foreach (var svc in (await rig.Scenario.Client.ListAsync<V1Service>(rig.Namespace, null, CancellationToken.None)).Items)
        {
            svc.Metadata.Annotations.ShouldContainKey(AppliedHash.Annotation);
        }

        foreach (var d in (await rig.Scenario.Client.ListAsync<V1Deployment>(rig.Namespace, null, CancellationToken.None)).Items)
        {
            d.Metadata.Annotations.ShouldContainKey(AppliedHash.Annotation);
        }
    }

    [Fact]
    public async Task A_ModelDeployment_waiting_for_pods_is_not_requeued_and_writes_nothing_while_it_waits()
    {
        await using var rig = await ReconcilerRig.StartAsync(cluster, "quiet-wait");
        rig.Scenario.Kubelet.NeverReady.Add("1.0.0");
        await rig.Scenario.ApplyAsync("iris", Spec("1.0.0", gateway: false, Weight(50), Pause()));
        var (status, result) = await rig.PassUntilAsync("iris", s => s.Phase == RolloutPhase.Pending && s.StableRevision is not null, "pending");
        result.Delay.ShouldBeNull("waiting for pods: the Deployment's watch event wakes the reconciler, no poll");
        status.Message!.ShouldContain("waiting for 1.0.0");
        await rig.WaitForCachesAsync();
        await rig.PassAsync("iris");
        await rig.WaitForCachesAsync();

        rig.Counter.Clear();
        for (var i = 0; i < 6; i++)
        {
            (await rig.PassAsync("iris")).Delay.ShouldBeNull();
            rig.Time.Advance(TimeSpan.FromSeconds(10));
        }

        rig.Counter.Writes().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_timed_pause_requeues_at_its_end_not_sooner()
    {
        await using var rig = await ReconcilerRig.StartAsync(cluster, "quiet-pause");
        await rig.Scenario.ApplyAsync("iris", Spec("1.0.0", gateway: true, Weight(25), Pause("5m")));
        await rig.PassUntilAsync("iris", s => s.Phase == RolloutPhase.Healthy, "healthy");
        await rig.Scenario.ApplyAsync("iris", Spec("2.0.0", gateway: true, Weight(25), Pause("5m")));
        var (status, result) = await rig.PassUntilAsync("iris", s => s.Phase == RolloutPhase.Paused && s.CurrentStepIndex == 1, "in the timed pause");

        var left = status.PauseEndsAt!.Value - rig.Time.GetUtcNow();
        result.Delay.ShouldNotBeNull();
        result.Delay!.Value.ShouldBeInRange(left - TimeSpan.FromSeconds(1), left + TimeSpan.FromSeconds(1)); // status times have second precision
        left.ShouldBeGreaterThan(TimeSpan.FromMinutes(4));
    }
}
