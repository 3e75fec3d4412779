using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Api.Traffic;
using Rollouts.Kube;
using Rollouts.Operator.Controls;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Rollouts;
using Rollouts.Operator.Tests.Integration;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Rollouts;

/// <summary>Issue 12 items 5 and 6 on the real API server: refused writes are visible and retried at a bounded interval; events and actions follow the status write.</summary>
[Collection(RolloutCluster.Collection)]
public sealed class ReconcileFailureTests(RolloutCluster cluster)
{
    private static ModelDeploymentSpec Spec(string version, params global::Rollouts.Api.Strategy.CanaryStep[] steps) =>
        Canary(version, steps) with { ProgressDeadlineSeconds = 600, AbortScaleDownDelaySeconds = 1, Analysis = null };

    [Fact]
    public async Task A_child_the_API_server_refuses_becomes_a_condition_and_one_warning_and_is_retried_at_a_bounded_interval()
    {
        await using var rig = await ReconcilerRig.StartAsync(cluster, "refused");
        var name = new string('m', 60); // valid for the ModelDeployment; "<name>-active" (rendered from the first pass) is too long for a Service
        await rig.Scenario.ApplyAsync(name, BlueGreen("1.0.0") with { ProgressDeadlineSeconds = 600, Analysis = null });

        var (status, first) = await rig.PassUntilAsync(name, s => Conditions.Find(s.Conditions, ConditionTypes.ReconcileError) is not null, "the refusal reported");
        first.Delay.ShouldBe(ApplyFailures.FirstRetry);
        var condition = Conditions.Find(status.Conditions, ConditionTypes.ReconcileError)!;
        condition.Status.ShouldBe(ConditionStatus.True);
        condition.Reason.ShouldBe(ApplyFailures.ApplyFailed);
        condition.Message!.ShouldContain("must be no more than 63 characters");
        status.Message.ShouldBe(condition.Message);

        var second = await rig.PassAsync(name);
        second.Delay.ShouldBe(ApplyFailures.FirstRetry * 2);
        for (var i = 0; i < 6; i++)
        {
            (await rig.PassAsync(name)).Delay!.Value.ShouldBeLessThanOrEqualTo(ApplyFailures.LongestRetry);
        }

        var warnings = (await rig.Scenario.EventsAsync(name)).Where(e => e.Reason == ApplyFailures.ApplyFailed).ToList();
        warnings.Sum(e => e.Count ?? 1).ShouldBe(1, "one Warning for the failure, not one per retry");
        warnings[0].Type.ShouldBe("Warning");
        warnings[0].Message.ShouldContain("must be no more than 63 characters");
    }

    [Fact]
    public async Task An_abort_whose_route_is_gone_is_not_reported_rolled_back_until_the_weight_reads_0()
    {
        await using var rig = await ReconcilerRig.StartAsync(cluster, "noroute");
        var ct = CancellationToken.None;
        await rig.Scenario.Client.ApplyAsync(UserRoute(rig.Namespace), ct);
        var spec = Spec("1.0.0", Weight(50), Pause()) with { TrafficRouting = new TrafficRoutingSpec { GatewayApi = new GatewayApiRouting { HttpRoute = "shared" } } };
        await rig.Scenario.ApplyAsync("iris", spec);
        await rig.PassUntilAsync("iris", s => s.Phase == RolloutPhase.Healthy, "healthy");
        await rig.Scenario.ApplyAsync("iris", spec with { Model = spec.Model with { Version = "2.0.0" } });
        await rig.PassUntilAsync("iris", s => s.Phase == RolloutPhase.Paused && s.CanaryWeight == 50, "paused at 50");

        await rig.Scenario.Client.DeleteAsync<HttpRoute>(rig.Namespace, "shared", null, ct);
        await rig.Scenario.ActAsync("iris", "abort");
        var (status, result) = await rig.PassUntilAsync("iris", s => s.AbortedRevision is not null, "abort decided");
        await rig.PassAsync("iris");
        status = (await rig.Scenario.GetAsync("iris")).Status!;
        status.RolledBack.ShouldNotBe(true, "the weight is unknown with the route gone: traffic is not known to be back on stable");
        status.Phase.ShouldBe(RolloutPhase.Progressing);
        var condition = Conditions.Find(status.Conditions, ConditionTypes.ReconcileError)!;
        condition.Status.ShouldBe(ConditionStatus.True);
        condition.Reason.ShouldBe(ModelDeploymentReconciler.TrafficRoutingFailed);
        condition.Message!.ShouldContain("shared");
        result.Delay!.Value.ShouldBeGreaterThanOrEqualTo(ApplyFailures.FirstRetry);

        await rig.Scenario.Client.ApplyAsync(UserRoute(rig.Namespace), ct); // weights 100/0 again, as someone restored it
        status = (await rig.PassUntilAsync("iris", s => s.RolledBack == true, "rolled back once the route reads 0")).Status;
        Conditions.Find(status.Conditions, ConditionTypes.ReconcileError)!.Status.ShouldBe(ConditionStatus.False);
        (await rig.Scenario.RouteWeightsAsync("shared", "iris")).ShouldBe((100, 0));
    }

    [Fact]
    public async Task An_action_consumed_in_a_pass_whose_status_write_conflicts_is_not_lost_and_its_events_are_recorded_once()
    {
        await using var rig = await ReconcilerRig.StartAsync(cluster, "conflict");
        await rig.Scenario.ApplyAsync("iris", Spec("1.0.0", Weight(50), Pause()));
        await rig.PassUntilAsync("iris", s => s.Phase == RolloutPhase.Healthy, "healthy");
        await rig.Scenario.ApplyAsync("iris", Spec("2.0.0", Weight(50), Pause()));
        await rig.PassUntilAsync("iris", s => s.Phase == RolloutPhase.Paused && s.CanaryWeight == 50, "paused at 50");

        await rig.Scenario.ActAsync("iris", "abort");
        rig.Client.BeforeNextStatusWrite = () => rig.Scenario.Client.MergePatchAsync<ModelDeployment>(
            rig.Namespace, "iris", new { metadata = new { labels = new Dictionary<string, string> { ["touched"] = "by-a-user" } } }, CancellationToken.None);
        var conflicted = await rig.PassAsync("iris");
        rig.Client.BeforeNextStatusWrite.ShouldBeNull("the hook ran: the status write met a 409");
        conflicted.Delay.ShouldNotBeNull();
        var afterConflict = await rig.Scenario.GetAsync("iris");
        afterConflict.Metadata.Annotations?.ContainsKey(ModelDeploymentAnnotations.Action).ShouldNotBe(true);
        afterConflict.Status!.AbortedRevision.ShouldBeNull("the conflicting write did not land");
        (await rig.Scenario.EventsAsync("iris")).ShouldNotContain(e => e.Reason == RolloutReasons.RolloutAborted, "no Event for a status that was not written");

        var status = (await rig.PassUntilAsync("iris", s => s.RolledBack == true, "the abort applied on the next pass")).Status;
        Conditions.Find(status.Conditions, ConditionTypes.RolledBack)!.Reason.ShouldBe(RolloutReasons.RolloutAborted);
        (await rig.Scenario.EventsAsync("iris")).Where(e => e.Reason == RolloutReasons.RolloutAborted).Sum(e => e.Count ?? 1).ShouldBe(1);
    }

    private static HttpRoute UserRoute(string ns) => new()
    {
        Metadata = new V1ObjectMeta { Name = "shared", NamespaceProperty = ns },
        Spec = new HttpRouteSpec
        {
            ParentRefs = [new global::Rollouts.Kube.ParentReference { Name = "public" }],
            Rules =
            [
                new HttpRouteRule
                {
                    BackendRefs =
                    [
                        new HttpBackendRef { Kind = "Service", Name = "iris-stable", Port = 80, Weight = 100 },
                        new HttpBackendRef { Kind = "Service", Name = "iris-canary", Port = 80, Weight = 0 },
                    ],
                },
            ],
        },
    };
}
