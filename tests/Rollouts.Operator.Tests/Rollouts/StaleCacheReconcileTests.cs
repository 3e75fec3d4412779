using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Operator.Tests.Integration;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>
/// On the real API server, with the informer's ModelDeployment watch held back: a pass whose cache does not show this
/// operator's own last writes yet (the action consume and the status write) makes no request and plans nothing; once
/// the cache shows them, passes go on.
/// </summary>
[Collection(RolloutCluster.Collection)]
public sealed class StaleCacheReconcileTests(RolloutCluster cluster)
{
    private static readonly TimeSpan StaleRetry = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_pass_skips_while_the_cache_shows_a_version_it_wrote_from_and_runs_once_the_cache_caught_up()
    {
        await using var rig = await ReconcilerRig.StartAsync(cluster, "stale");
        var spec = Canary("1.0.0", Weight(50), Pause()) with { ProgressDeadlineSeconds = 600, Analysis = null, TrafficRouting = null };
        await rig.Scenario.ApplyAsync("iris", spec);
        await rig.PassUntilAsync("iris", s => s.Phase == RolloutPhase.Healthy, "healthy");
        await rig.Scenario.ApplyAsync("iris", spec with { Model = spec.Model with { Version = "2.0.0" } });
        await rig.PassUntilAsync("iris", s => s.Phase == RolloutPhase.Paused && s.CurrentStepIndex == 1, "paused at step 1");

        await rig.Scenario.ActAsync("iris", "promote");
        await rig.WaitForCachesAsync();
        var annotated = Cached(rig);
        annotated.Metadata.Annotations.ShouldContainKey(ModelDeploymentAnnotations.Action);
        var paused = KubernetesJson.Serialize(annotated.Status);
        rig.Watches.Hold(_ => true);

        // The pass consumes the action (a patch from the annotated version) and writes the status (from the consumed one).
        rig.Counter.Clear();
        await rig.PassNowAsync("iris");
        var live = await rig.Scenario.GetAsync("iris");
        live.Metadata.Annotations?.ContainsKey(ModelDeploymentAnnotations.Action).ShouldNotBe(true);
        KubernetesJson.Serialize(live.Status).ShouldNotBe(paused, "the promote was applied and written");
        rig.Counter.Writes().ShouldContain(w => w.StartsWith("patch modeldeployments/status 200", StringComparison.Ordinal));

        // The cache still shows the annotated version: planning from it would consume the action again.
        Cached(rig).Metadata.ResourceVersion.ShouldBe(annotated.Metadata.ResourceVersion);
        await PassSkipsAsync(rig);

        // The cache shows the consume, not the status write yet: planning from it would redo the promote's step.
        rig.Watches.Hold(m => KubernetesJson.Serialize(m.Status) != paused);
        await rig.Scenario.WaitUntilAsync(() => Cached(rig).Metadata.ResourceVersion != annotated.Metadata.ResourceVersion, "the consume in the cache");
        Cached(rig).Metadata.Annotations?.ContainsKey(ModelDeploymentAnnotations.Action).ShouldNotBe(true);
        KubernetesJson.Serialize(Cached(rig).Status).ShouldBe(paused);
        await PassSkipsAsync(rig);

        // Caught up: passes plan again, and the promotion completes.
        rig.Watches.Release();
        await rig.WaitForCachesAsync();
        var caughtUp = await rig.PassNowAsync("iris");
        caughtUp.Delay.ShouldNotBe(StaleRetry);
        var status = (await rig.PassUntilAsync("iris", s => s.Phase == RolloutPhase.Healthy && s.StableVersion == "2.0.0", "promoted")).Status;
        status.CanaryWeight.ShouldBe(0);
    }

    private static ModelDeployment Cached(ReconcilerRig rig) => rig.Informers.Get<ModelDeployment>(rig.Namespace).Get(rig.Namespace, "iris")!;

    private static async Task PassSkipsAsync(ReconcilerRig rig)
    {
        rig.Counter.Clear();
        var result = await rig.PassNowAsync("iris");
        result.Delay.ShouldBe(StaleRetry, "a stale pass ends at once and requeues as a safety net");
        rig.Counter.Requests.Where(r => r.Verb != "watch").ShouldBeEmpty("a stale pass makes no request");
    }
}
