using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Analysis;
using Rollouts.Analysis.Prometheus;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Tests.Integration;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>
/// Issue 12 item 10: an analysis run that ends in Error, through the operator (reconciler, measurement worker, the real
/// analysis runner and Prometheus client) against a Prometheus that answers every query with an error.
/// </summary>
[Collection(RolloutCluster.Collection)]
public sealed class AnalysisErrorTests(RolloutCluster cluster)
{
    private static ModelDeploymentSpec Spec(string version, ConsecutiveErrorAction onErrors)
    {
        var spec = Canary(version, Weight(25), Analyze(), Pause()) with { ProgressDeadlineSeconds = 600, AbortScaleDownDelaySeconds = 1 };
        return spec with { Analysis = spec.Analysis! with { ConsecutiveErrorLimit = 0, OnConsecutiveErrors = onErrors } };
    }

    private static async Task<RolloutScenario> StartAsync(RolloutCluster cluster, string prefix, ErroringPrometheus prometheus, HttpClient http)
    {
        var s = await RolloutScenario.StartAsync(cluster, prefix, withOperator: false);
        var options = new PrometheusClientOptions { Address = prometheus.Address, PerTryTimeout = TimeSpan.FromSeconds(10), MaxRetries = 0 };
        s.StartOperator(new AnalysisRunner(
            new PrometheusClient(http, options, TimeProvider.System, NullLogger<PrometheusClient>.Instance),
            TimeProvider.System,
            NullAnalysisMetrics.Instance,
            NullLogger<AnalysisRunner>.Instance));
        return s;
    }

    [Fact]
    public async Task An_analysis_that_ends_in_Error_pauses_the_rollout_with_the_error()
    {
        await using var prometheus = new ErroringPrometheus();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using var s = await StartAsync(cluster, "anerror", prometheus, http);
        await s.ApplyAsync("iris", Spec("1.0.0", ConsecutiveErrorAction.Pause));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", Spec("2.0.0", ConsecutiveErrorAction.Pause));

        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Paused && x.Analysis?.Phase == AnalysisPhase.Error, "paused by the analysis error");
        prometheus.Requests.ShouldBeGreaterThan(0);
        st.CurrentStepIndex.ShouldBe(1);
        st.CanaryWeight.ShouldBe(25); // paused, not rolled back
        st.AbortedRevision.ShouldBeNull();
        var paused = Conditions.Find(st.Conditions, ConditionTypes.Paused)!;
        paused.Status.ShouldBe(ConditionStatus.True);
        paused.Reason.ShouldBe(RolloutReasons.AnalysisError);
        st.Message!.ShouldContain("analysis errored");
        st.Message!.ShouldContain(ErroringPrometheus.Error);
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((75, 25));
    }

    [Fact]
    public async Task An_analysis_that_ends_in_Error_rolls_back_with_onConsecutiveErrors_Rollback()
    {
        await using var prometheus = new ErroringPrometheus();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using var s = await StartAsync(cluster, "anerrorrb", prometheus, http);
        await s.ApplyAsync("iris", Spec("1.0.0", ConsecutiveErrorAction.Rollback));
        await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Healthy, "healthy");
        await s.ApplyAsync("iris", Spec("2.0.0", ConsecutiveErrorAction.Rollback));

        var st = await s.WaitForAsync("iris", x => x.Phase == RolloutPhase.Degraded && x.RolledBack == true, "rolled back by the analysis error");
        st.AbortReason.ShouldBe(RolloutReasons.AnalysisError);
        st.AbortMessage!.ShouldContain(ErroringPrometheus.Error);
        Conditions.Find(st.Conditions, ConditionTypes.RolledBack)!.Reason.ShouldBe(RolloutReasons.AnalysisError);
        (await s.RouteWeightsAsync("iris", "iris")).ShouldBe((100, 0));
        await s.WaitForReplicasAsync(new() { ["1.0.0"] = 4 });
    }
}
