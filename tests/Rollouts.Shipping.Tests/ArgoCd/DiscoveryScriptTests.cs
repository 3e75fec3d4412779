using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Shipping.Tests.Support;

namespace Rollouts.Shipping.Tests.ArgoCd;

public sealed class DiscoveryScriptTests
{
    [Fact]
    public async Task Healthy_enables_nothing()
    {
        (await ArgoLua.EnabledActionsAsync(Statuses.Object(Statuses.Healthy))).ShouldBeEmpty();
    }

    [Fact]
    public async Task No_status_enables_nothing()
    {
        (await ArgoLua.EnabledActionsAsync(Statuses.Object(null))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Progressing_enables_promote_promote_full_abort_and_pause()
    {
        (await ArgoLua.EnabledActionsAsync(Statuses.Object(Statuses.Progressing)))
            .ShouldBe(["abort", "pause", "promote", "promote-full"]);
    }

    [Fact]
    public async Task Pause_step_waits_for_promote_and_offers_no_resume()
    {
        (await ArgoLua.EnabledActionsAsync(Statuses.Object(Statuses.Paused)))
            .ShouldBe(["abort", "pause", "promote", "promote-full"]);
    }

    [Fact]
    public async Task Manual_pause_enables_resume_instead_of_pause()
    {
        (await ArgoLua.EnabledActionsAsync(Statuses.Object(Statuses.ManuallyPaused)))
            .ShouldBe(["abort", "promote", "promote-full", "resume"]);
    }

    [Theory]
    [InlineData(AnalysisPhase.Inconclusive)]
    [InlineData(AnalysisPhase.Error)]
    public async Task Analysis_holding_the_rollout_enables_resume(AnalysisPhase phase)
    {
        var held = Statuses.Paused with { Analysis = new AnalysisRunStatus { Phase = phase, Purpose = "canary step 2", TargetVersion = "v2", Message = "not enough samples" } };
        (await ArgoLua.EnabledActionsAsync(Statuses.Object(held)))
            .ShouldBe(["abort", "pause", "promote", "promote-full", "resume"]);
    }

    [Fact]
    public async Task Action_names_are_exactly_what_the_operator_parses()
    {
        ArgoLua.ActionNames.ShouldBe(Rollouts.Operator.Planning.RolloutActionParser.Values, ignoreOrder: true);
        foreach (var name in ArgoLua.ActionNames)
        {
            Rollouts.Operator.Planning.RolloutActionParser.Parse(name).ShouldNotBeNull(name);
        }

        await Task.CompletedTask;
    }

    [Fact]
    public async Task Rolled_back_enables_only_retry()
    {
        (await ArgoLua.EnabledActionsAsync(Statuses.Object(Statuses.RolledBack))).ShouldBe(["retry"]);
    }

    [Fact]
    public async Task Degraded_by_an_invalid_spec_enables_nothing()
    {
        (await ArgoLua.EnabledActionsAsync(Statuses.Object(Statuses.Invalid))).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_invalid_spec_after_a_rollback_enables_nothing_not_even_retry()
    {
        (await ArgoLua.EnabledActionsAsync(Statuses.Object(Statuses.InvalidAfterRollback))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Pending_first_rollout_enables_nothing()
    {
        (await ArgoLua.EnabledActionsAsync(Statuses.Object(new ModelDeploymentStatus { ObservedGeneration = 3, Phase = RolloutPhase.Pending })))
            .ShouldBeEmpty();
    }
}
