using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Analysis;
using Rollouts.Analysis.Prometheus;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Tests.Integration;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>Issue 11 item 3: analysis queries run off the reconcile workers, so a dead Prometheus delays nobody else.</summary>
[Collection(RolloutCluster.Collection)]
public sealed class SlowPrometheusTests(RolloutCluster cluster)
{
    private static ModelDeploymentSpec Spec(string version, params global::Rollouts.Api.Strategy.CanaryStep[] steps) =>
        Canary(version, steps) with { ProgressDeadlineSeconds = 600, AbortScaleDownDelaySeconds = 1 };

    [Fact]
    public async Task A_hanging_Prometheus_does_not_delay_the_abort_of_another_ModelDeployment()
    {
        await using var prometheus = new HangingPrometheus();
        await using var s = await RolloutScenario.StartAsync(cluster, "hang", withOperator: false);

        // One reconcile worker (OperatorInstance), and queries that would wait ten minutes for the dead server: on a
        // worker that awaited them, nothing else could be reconciled meanwhile.
        var options = new PrometheusClientOptions { Address = prometheus.Address, PerTryTimeout = TimeSpan.FromMinutes(10), MaxRetries = 0 };
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var runner = new AnalysisRunner(
            new PrometheusClient(http, options, TimeProvider.System, NullLogger<PrometheusClient>.Instance),
            TimeProvider.System,
            NullAnalysisMetrics.Instance,
            NullLogger<AnalysisRunner>.Instance);
        s.StartOperator(runner);

        await s.ApplyAsync("other", Spec("1.0.0", Weight(50), Pause()));
        await s.ApplyAsync("measured", Spec("1.0.0", Weight(25), Analyze(), Pause()));
        await s.WaitForAsync("other", x => x.Phase == RolloutPhase.Healthy, "other healthy");
        await s.WaitForAsync("measured", x => x.Phase == RolloutPhase.Healthy, "measured healthy");
        await s.ApplyAsync("other", Spec("2.0.0", Weight(50), Pause()));
        await s.WaitForAsync("other", x => x.Phase == RolloutPhase.Paused && x.CanaryWeight == 50, "other paused at 50");

        await s.ApplyAsync("measured", Spec("2.0.0", Weight(25), Analyze(), Pause()));
        await s.WaitForAsync("measured", x => x.CurrentStepIndex == 1 && x.Analysis?.Phase == AnalysisPhase.Running, "measured in its analysis step");
        await s.WaitUntilAsync(() => prometheus.Requests > 0, "the analysis query reached the dead Prometheus");

        await s.ActAsync("other", "abort");
        var st = await s.WaitForAsync("other", x => x.Phase == RolloutPhase.Degraded && x.RolledBack == true, "other rolled back");
        st.CanaryWeight.ShouldBe(0);
        (await s.RouteWeightsAsync("other", "other")).ShouldBe((100, 0));
        Conditions.Find(st.Conditions, ConditionTypes.RolledBack)!.Reason.ShouldBe(RolloutReasons.RolloutAborted);

        // ... while the measured one's query is still unanswered and its run still Running.
        prometheus.Open.ShouldBeGreaterThan(0);
        var measured = await s.GetAsync("measured");
        measured.Status!.Analysis!.Phase.ShouldBe(AnalysisPhase.Running);
        measured.Status.Analysis.Rounds.ShouldBe(0);
    }
}
