using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Demo.Scenarios;
using Rollouts.Demo.View;
using Rollouts.LocalCluster.Orchestration;

namespace Rollouts.E2E.Tests;

/// <summary>The demo's pure parts: outcome decision, causes, metrics parsing, the table, template rendering.</summary>
public sealed class DemoPartsTests
{
    private static readonly Scenario Broken = DemoScenarios.All.Single(s => s.Id == "3");

    private static ModelDeployment Mdep(long generation, ModelDeploymentStatus status) => new()
    {
        Metadata = { Name = "iris", Generation = generation },
        Status = status,
    };

    [Fact]
    public void A_status_for_an_older_generation_decides_nothing() =>
        ScenarioRunner.Outcome(Mdep(3, new ModelDeploymentStatus { ObservedGeneration = 2, Phase = RolloutPhase.Healthy, StableVersion = "2.1.0" }), Broken).ShouldBeNull();

    [Fact]
    public void Healthy_with_the_new_version_stable_and_no_canary_is_promoted() =>
        ScenarioRunner.Outcome(Mdep(3, new ModelDeploymentStatus { ObservedGeneration = 3, Phase = RolloutPhase.Healthy, StableVersion = "2.1.0" }), Broken)
            .ShouldBe(ExpectedOutcome.Promoted);

    [Fact]
    public void Rolled_back_with_the_version_aborted_is_a_rollback() =>
        ScenarioRunner.Outcome(
            Mdep(3, new ModelDeploymentStatus
            {
                ObservedGeneration = 3, Phase = RolloutPhase.Degraded, StableVersion = "2.0.0", RolledBack = true,
                History = [new HistoryEntry { Version = "2.1.0", Result = "Aborted" }],
            }),
            Broken).ShouldBe(ExpectedOutcome.RolledBack);

    [Fact]
    public void A_rollback_left_from_an_earlier_version_is_not_this_scenarios()
    {
        var status = new ModelDeploymentStatus
        {
            ObservedGeneration = 3, Phase = RolloutPhase.Progressing, StableVersion = "2.0.0", RolledBack = true,
            CanaryVersion = "2.3.0", History = [new HistoryEntry { Version = "2.1.0", Result = "Aborted" }],
        };
        ScenarioRunner.Outcome(Mdep(3, status), DemoScenarios.All.Single(s => s.Id == "5")).ShouldBeNull();
    }

    [Fact]
    public void The_cause_drops_queries_and_the_round_count() =>
        ScenarioRunner.ShortCause("2 failed rounds > failureLimit 1: errorRate 0.297297 > max 0.05 (query: (sum(rate(x[10s])) or vector(0)) / sum(rate(y[10s])))")
            .ShouldBe("errorRate 0.297297 > max 0.05");

    [Fact]
    public void The_rollback_histogram_is_summed_over_label_sets()
    {
        const string text = """
            # HELP rollouts_rollback_traffic_seconds x
            # TYPE rollouts_rollback_traffic_seconds histogram
            rollouts_rollback_traffic_seconds_bucket{reason="AnalysisFailed",le="+Inf"} 2
            rollouts_rollback_traffic_seconds_sum{reason="AnalysisFailed"} 3.5
            rollouts_rollback_traffic_seconds_count{reason="AnalysisFailed"} 2
            rollouts_rollback_traffic_seconds_sum{reason="Progress Deadline"} 1.5
            rollouts_rollback_traffic_seconds_count{reason="Progress Deadline"} 1
            rollouts_rollbacks_total 3
            """;
        OperatorMetricsReader.Parse(text).ShouldBe((5.0, 3.0));
    }

    [Fact]
    public void The_table_marks_mismatches_and_leaves_out_setup_steps()
    {
        var setup = DemoScenarios.All.Single(s => s.Setup);
        var results = new[]
        {
            new ScenarioResult(Broken, ExpectedOutcome.RolledBack, "rolled back (AnalysisFailed: errorRate 0.3 > max 0.05), stable 2.0.0", "2.0.0", TimeSpan.FromSeconds(1.26), TimeSpan.FromSeconds(30), "AnalysisFailed: errorRate 0.3 > max 0.05"),
            new ScenarioResult(DemoScenarios.All.Single(s => s.Id == "5"), ExpectedOutcome.Promoted, "promoted, stable 2.3.0", "2.3.0", null, TimeSpan.FromSeconds(40), ""),
            new ScenarioResult(setup, ExpectedOutcome.Promoted, "promoted", "2.0.0", null, TimeSpan.FromSeconds(5), ""),
        };
        var table = SummaryTable.Format(results);
        table.ShouldContain("1.26 s");
        table.ShouldContain("MISMATCH");
        table.ShouldNotContain(setup.Title);
        results[0].AsExpected.ShouldBeTrue();
        results[1].AsExpected.ShouldBeFalse();
    }

    [Fact]
    public void A_rollback_for_another_cause_is_not_as_expected()
    {
        var result = new ScenarioResult(Broken, ExpectedOutcome.RolledBack, "rolled back", "2.0.0", null, TimeSpan.Zero, "AnalysisFailed: latency 40 > max 25");
        result.AsExpected.ShouldBeFalse();
    }

    [Fact]
    public void Every_scenario_manifest_renders_to_a_model_deployment_with_the_scenarios_version()
    {
        var variables = ScenarioFixture.Settings.Variables("/repo");
        foreach (var scenario in DemoScenarios.All)
        {
            var text = ManifestApplier.Render(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "manifests", scenario.Manifest)), variables);
            var doc = YamlDocuments.Parse(text).Single();
            doc["kind"]!.GetValue<string>().ShouldBe("ModelDeployment");
            doc["metadata"]!["name"]!.GetValue<string>().ShouldBe(scenario.DeploymentName);
            doc["spec"]!["model"]!["version"]!.GetValue<string>().ShouldBe(scenario.Version);
            doc["spec"]!["analysis"]!["interval"]!.GetValue<string>().ShouldBe("1s");
        }
    }

    [Fact]
    public void The_measured_value_is_the_last_judged_measurement_of_the_scenarios_check_for_its_version()
    {
        var shadow = DemoScenarios.All.Single(s => s.Id == "7");
        AnalysisMeasurement M(MeasurementVerdict verdict, string message) => new() { Verdict = verdict, Message = message };
        var run = new AnalysisRunStatus
        {
            TargetVersion = "2.5.0",
            Checks =
            [
                new AnalysisCheckStatus { Name = "errorRate", Measurements = [M(MeasurementVerdict.Successful, "errorRate 0 <= max 0.05")] },
                new AnalysisCheckStatus
                {
                    Name = "agreement",
                    Measurements =
                    [
                        M(MeasurementVerdict.Failed, "agreement 0.66 < min 0.95 over 230 comparisons"),
                        M(MeasurementVerdict.Inconclusive, "agreement 1 over 3 comparisons < minComparisons 100: not judged"),
                    ],
                },
            ],
        };
        ScenarioRunner.LastJudged(run, shadow).ShouldBe("agreement 0.66 < min 0.95 over 230 comparisons");
        ScenarioRunner.LastJudged(run with { TargetVersion = "2.3.0" }, shadow).ShouldBeNull();
        ScenarioRunner.LastJudged(run, Broken).ShouldBeNull();
    }

    [Fact]
    public void A_shadow_that_answered_a_user_or_a_check_never_judged_is_not_as_expected()
    {
        var shadow = DemoScenarios.All.Single(s => s.Id == "7");
        var ok = new ScenarioResult(shadow, ExpectedOutcome.RolledBack, "rolled back", "2.0.0", null, TimeSpan.Zero, "AnalysisFailed: agreement 0.66 < min 0.95", "agreement 0.66 < min 0.95 over 230 comparisons", 0);
        ok.AsExpected.ShouldBeTrue();
        ok.MeasuredText.ShouldBe("agreement 0.66 < min 0.95 over 230 comparisons; 0 user requests answered by 2.5.0");
        (ok with { UserAnswers = 3 }).AsExpected.ShouldBeFalse();
        (ok with { Measured = null }).AsExpected.ShouldBeFalse();
        (ok with { Measured = null }).MeasuredText.ShouldStartWith("agreement never judged");
        new ScenarioResult(Broken, ExpectedOutcome.RolledBack, "rolled back", "2.0.0", null, TimeSpan.Zero, "errorRate").MeasuredText.ShouldBe("-");
    }

    [Fact]
    public void A_template_variable_without_a_value_is_an_error() =>
        Should.Throw<FormatException>(() => ManifestApplier.Render("a: {{nope}}", new Dictionary<string, string> { ["repo"] = "/r" }))
            .Message.ShouldContain("{{nope}}");
}
