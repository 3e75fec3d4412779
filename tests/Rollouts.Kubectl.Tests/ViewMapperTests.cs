using k8s.Models;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Api.Strategy;
using Rollouts.Kubectl.Dashboard;

namespace Rollouts.Kubectl.Tests;

/// <summary>The dashboard's pure mapping: thresholds from spec.analysis, steps and blue-green stages, the list row.</summary>
public sealed class ViewMapperTests
{
    private static readonly AnalysisSpec Spec = new()
    {
        MinSamples = 80,
        ErrorRate = new ErrorRateCheck { Max = 0.01 },
        Latency = new LatencyCheck { MaxMilliseconds = 250 },
        Drift = new DriftCheck { MaxPsi = 0.2 },
        Metrics = [new MetricCheck { Name = "ok-rate", Query = "q", Min = 1 }],
    };

    [Theory]
    [InlineData("samples", 80.0, null, "requests")]
    [InlineData("errorRate", null, 0.01, "share")]
    [InlineData("latency", null, 250.0, "ms")]
    [InlineData("drift", null, 0.2, "PSI")]
    [InlineData("ok-rate", 1.0, null, "")]
    [InlineData("unknown", null, null, "")]
    public void Each_check_gets_its_threshold_from_the_spec(string check, double? min, double? max, string unit)
    {
        var t = ViewMapper.Threshold(Spec, check);
        t.ShouldBe(new ThresholdView(min, max, unit, null));
    }

    [Fact]
    public void CompareToStable_says_the_threshold_is_relative()
    {
        ViewMapper.Threshold(Spec with { CompareToStable = true }, "errorRate").Note!.ShouldContain("stable version + tolerance");
        ViewMapper.Threshold(Spec with { CompareToStable = true }, "drift").Note.ShouldBeNull();
    }

    private static ModelDeployment Md(StrategySpec strategy, ModelDeploymentStatus? status) => new()
    {
        Metadata = new V1ObjectMeta { Name = "iris", NamespaceProperty = "ml" },
        Spec = new ModelDeploymentSpec { Strategy = strategy, Analysis = Spec },
        Status = status,
    };

    [Fact]
    public void Canary_steps_are_marked_done_current_pending()
    {
        var md = Md(new StrategySpec { Canary = new CanaryStrategy { Steps = [new() { SetWeight = 10 }, new() { Pause = new() { Duration = "2m" } }, new() { Analysis = new() }] } },
            new ModelDeploymentStatus { CurrentStepIndex = 1 });

        ViewMapper.Steps(md).ShouldBe([new("set weight 10%", "done"), new("pause 2m", "current"), new("analysis", "pending")]);
        ViewMapper.Row(md).Step.ShouldBe(2);
    }

    [Fact]
    public void Blue_green_shows_only_the_stages_in_use_and_counts_steps_among_them()
    {
        var md = Md(new StrategySpec { BlueGreen = new BlueGreenStrategy { PostPromotionAnalysis = true } }, new ModelDeploymentStatus { CurrentStepIndex = 4 });

        ViewMapper.Steps(md).Select(s => s.Label).ShouldBe(["preview", "awaiting promotion", "full size + switch", "post-promotion analysis"]);
        ViewMapper.Steps(md)[^1].State.ShouldBe("current");
        var row = ViewMapper.Row(md);
        (row.Step, row.StepCount, row.Strategy).ShouldBe((4, 4, "blue-green"));
    }

    [Fact]
    public void The_row_carries_each_checks_last_measurement_and_no_step_when_not_rolling_out()
    {
        var md = Md(new StrategySpec { Canary = new CanaryStrategy { Steps = [new() { SetWeight = 100 }] } }, new ModelDeploymentStatus
        {
            Phase = RolloutPhase.Progressing,
            Analysis = new AnalysisRunStatus
            {
                Checks =
                [
                    new AnalysisCheckStatus { Name = "errorRate", Measurements = [new() { Value = 0.001, Verdict = MeasurementVerdict.Successful }, new() { Value = 0.2, Verdict = MeasurementVerdict.Failed }] },
                    new AnalysisCheckStatus { Name = "latency" }, // no measurement yet
                ],
            },
        });

        var row = ViewMapper.Row(md);
        row.Step.ShouldBeNull();
        row.Checks.ShouldBe([new LastMeasurementView("errorRate", 0.2, "Failed", new ThresholdView(null, 0.01, "share", null))]);
    }
}
