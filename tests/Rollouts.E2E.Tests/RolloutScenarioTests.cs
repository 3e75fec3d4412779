using Rollouts.Demo.Scenarios;
using Xunit.Abstractions;

namespace Rollouts.E2E.Tests;

/// <summary>
/// The demo's scenarios, asserted: real API server, node agent running real serving processes, real Prometheus, the
/// operator process, steady Iris traffic. Each test asserts the outcome the operator reached on its own, and writes its
/// scenario's live view to the test output (kept in the TRX file whether the test passes or fails).
/// </summary>
public sealed class RolloutScenarioTests(ScenarioFixture fixture, ITestOutputHelper output) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public Task The_first_version_is_deployed_and_becomes_healthy() => AssertScenario("1");

    [Fact]
    public async Task A_good_canary_passes_its_analysis_and_is_promoted_with_its_accuracy_from_feedback_above_the_limit()
    {
        var result = await AssertScenario("2");
        result.Measured.ShouldNotBeNull();
        result.Measured.ShouldStartWith("accuracy ");
        result.Measured.ShouldContain(">= min 0.9 over ");
    }

    [Fact]
    public Task A_canary_that_fails_requests_is_rolled_back_on_its_error_rate() => AssertScenario("3");

    [Fact]
    public Task A_slow_blue_green_release_is_switched_back_by_post_promotion_analysis() => AssertScenario("4");

    [Fact]
    public Task A_canary_whose_training_data_differs_from_live_traffic_is_rolled_back_on_drift() => AssertScenario("5");

    [Fact]
    public Task A_canary_that_never_becomes_ready_is_rolled_back_at_the_progress_deadline() => AssertScenario("6");

    [Fact]
    public async Task A_shadowed_canary_that_disagrees_with_the_stable_is_rolled_back_on_agreement_without_answering_a_user()
    {
        var result = await AssertScenario("7");
        result.Measured.ShouldNotBeNull();
        result.Measured.ShouldContain("< min 0.95 over ");
        result.UserAnswers.ShouldBe(0);
    }

    [Fact]
    public async Task A_canary_whose_labels_come_back_wrong_is_rolled_back_on_accuracy()
    {
        var result = await AssertScenario("8");
        result.Measured.ShouldNotBeNull();
        result.Measured.ShouldContain("< min 0.9 over ");
        result.UserAnswers.ShouldBeGreaterThan(0);
    }

    private async Task<ScenarioResult> AssertScenario(string id)
    {
        var result = await fixture.ResultOfAsync(id);
        output.WriteLine(fixture.TranscriptOf(id));
        var context = $"scenario {id} ({result.Scenario.Title}): expected {result.Scenario.ExpectedText}, got {result.ActualText}; measured {result.MeasuredText}; {result.Detail}\n{fixture.Transcript()}";
        result.Actual.ShouldBe(result.Scenario.Expected, context);
        result.StableVersion.ShouldBe(result.Scenario.ExpectedStable, context);
        if (result.Scenario.Expected == ExpectedOutcome.RolledBack)
        {
            result.Detail.ShouldContain(result.Scenario.Cause, Case.Insensitive, context);
        }

        result.AsExpected.ShouldBeTrue(context);
        return result;
    }
}
