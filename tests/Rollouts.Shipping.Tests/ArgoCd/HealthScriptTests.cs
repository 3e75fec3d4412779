using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Shipping.Tests.Support;

namespace Rollouts.Shipping.Tests.ArgoCd;

public sealed class HealthScriptTests
{
    [Fact]
    public async Task Healthy_phase_is_Healthy_and_names_the_stable_version()
    {
        var (status, message) = await ArgoLua.HealthAsync(Statuses.Object(Statuses.Healthy));
        status.ShouldBe("Healthy");
        message.ShouldBe("Serving v1");
    }

    [Fact]
    public async Task Running_rollout_is_Progressing_with_weight_step_and_message()
    {
        var (status, message) = await ArgoLua.HealthAsync(Statuses.Object(Statuses.Progressing));
        status.ShouldBe("Progressing");
        message.ShouldBe("canary v2 at 20% (step 1): step 2/5: analysis running");
    }

    [Fact]
    public async Task Pending_is_Progressing()
    {
        var (status, _) = await ArgoLua.HealthAsync(Statuses.Object(new ModelDeploymentStatus { ObservedGeneration = 3, Phase = RolloutPhase.Pending }));
        status.ShouldBe("Progressing");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Paused_is_Suspended(bool manual)
    {
        var (status, message) = await ArgoLua.HealthAsync(Statuses.Object(manual ? Statuses.ManuallyPaused : Statuses.Paused));
        status.ShouldBe("Suspended");
        message.ShouldStartWith("canary v2 at 20% (step 2): ");
    }

    [Fact]
    public async Task Rollback_is_Degraded_with_the_status_message()
    {
        var (status, message) = await ArgoLua.HealthAsync(Statuses.Object(Statuses.RolledBack));
        status.ShouldBe("Degraded");
        message.ShouldBe("rolled back v2: error-rate 0.31 > 0.05");
    }

    [Fact]
    public async Task Rollback_without_a_message_takes_the_RolledBack_condition_message()
    {
        var (status, message) = await ArgoLua.HealthAsync(Statuses.Object(Statuses.RolledBack with { Message = null }));
        status.ShouldBe("Degraded");
        message.ShouldBe("error-rate 0.31 > 0.05 in 2 of 3 rounds");
    }

    [Fact]
    public async Task InvalidSpec_is_Degraded_with_the_condition_message_whatever_the_phase()
    {
        var invalid = Statuses.Invalid with { Phase = RolloutPhase.Healthy };
        var (status, message) = await ArgoLua.HealthAsync(Statuses.Object(invalid));
        status.ShouldBe("Degraded");
        message.ShouldBe("spec.analysis.interval: 'soon' is not a duration");
    }

    [Fact]
    public async Task InvalidSpec_False_does_not_degrade()
    {
        var healthy = Statuses.Healthy with { Conditions = [Statuses.Cond("InvalidSpec", ConditionStatus.False, "Valid", "")] };
        (await ArgoLua.HealthAsync(Statuses.Object(healthy))).Status.ShouldBe("Healthy");
    }

    [Fact]
    public async Task Stale_observedGeneration_is_Progressing_even_when_the_last_phase_was_Healthy()
    {
        var (status, message) = await ArgoLua.HealthAsync(Statuses.Object(Statuses.Healthy, generation: 4));
        status.ShouldBe("Progressing");
        message.ShouldBe("Waiting for the operator to observe generation 4");
    }

    [Fact]
    public async Task Missing_observedGeneration_is_Progressing()
    {
        var (status, _) = await ArgoLua.HealthAsync(Statuses.Object(Statuses.Healthy with { ObservedGeneration = null }));
        status.ShouldBe("Progressing");
    }

    [Fact]
    public async Task No_status_yet_is_Progressing()
    {
        var (status, message) = await ArgoLua.HealthAsync(Statuses.Object(null));
        status.ShouldBe("Progressing");
        message.ShouldBe("Waiting for the operator to report status");
    }
}
