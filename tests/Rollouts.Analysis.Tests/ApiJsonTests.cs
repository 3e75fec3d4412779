using k8s;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis.Tests;

/// <summary>The analysis records on the Kubernetes wire format (KubernetesClient's KubernetesJson: camelCase, nulls omitted, RFC 3339 times).</summary>
public sealed class ApiJsonTests
{
    [Fact]
    public void The_issue_spec_reads_with_defaults_for_what_it_leaves_out()
    {
        var spec = KubernetesJson.Deserialize<AnalysisSpec>("""
            {"interval":"30s","initialDelay":"0s","failureLimit":1,"inconclusiveLimit":3,"consecutiveErrorLimit":4,
             "minSamples":50,"window":"1m","errorRate":{"max":0.01},"latency":{"quantile":0.99,"maxMilliseconds":50},
             "drift":{"maxPsi":0.2},"compareToStable":false,"onConsecutiveErrors":"Rollback",
             "metrics":[{"name":"positive-rate","query":"sum(rate(model_inference_requests_total{model_version=\"{{version}}\",code=\"200\"}[1m]))","min":1}]}
            """);

        spec.Count.ShouldBe(3);
        spec.HistoryLimit.ShouldBe(10);
        spec.OnConsecutiveErrors.ShouldBe(ConsecutiveErrorAction.Rollback);
        spec.Latency.ShouldBe(new LatencyCheck { Quantile = 0.99, MaxMilliseconds = 50 });
        spec.Metrics.ShouldHaveSingleItem().Min.ShouldBe(1);
        spec.Metrics[0].Max.ShouldBeNull();
        AnalysisSpecValidator.Validate(spec).ShouldBeEmpty();
    }

    [Fact]
    public void A_status_round_trips_with_enums_as_strings_and_missing_values_left_out()
    {
        var at = new DateTimeOffset(2026, 11, 21, 12, 0, 30, TimeSpan.Zero);
        var status = new AnalysisRunStatus
        {
            Phase = AnalysisPhase.Inconclusive, Purpose = "canary step 1", TargetVersion = "2.0.0", StartedAt = at,
            Message = "4 inconclusive rounds > inconclusiveLimit 3", Rounds = 4, InconclusiveRounds = 4,
            Checks =
            [
                new AnalysisCheckStatus
                {
                    Name = "samples", Inconclusives = 4,
                    Measurements = [new AnalysisMeasurement { Time = at, Value = null, Verdict = MeasurementVerdict.Inconclusive, Query = "q", Message = "samples: no data" }],
                },
            ],
        };

        var json = KubernetesJson.Serialize(status);

        json.ShouldContain("\"phase\":\"Inconclusive\"");
        json.ShouldContain("\"verdict\":\"Inconclusive\"");
        json.ShouldNotContain("\"nextMeasurementAt\"");
        json.ShouldNotContain("\"value\"");
        var back = KubernetesJson.Deserialize<AnalysisRunStatus>(json);
        back.Phase.ShouldBe(AnalysisPhase.Inconclusive);
        back.StartedAt.ShouldBe(at);
        var m = back.Checks.ShouldHaveSingleItem().Measurements.ShouldHaveSingleItem();
        (m.Verdict, m.Value, m.Time, m.Message).ShouldBe((MeasurementVerdict.Inconclusive, (double?)null, at, "samples: no data"));
    }

    [Fact]
    public void Explicit_nulls_from_the_wire_do_not_break_planning_or_folding()
    {
        var spec = KubernetesJson.Deserialize<AnalysisSpec>("""{"errorRate":{"max":0.01},"metrics":null}""");
        var status = KubernetesJson.Deserialize<AnalysisRunStatus>("""{"phase":"Running","purpose":"p","targetVersion":"2","checks":null}""");
        var target = new AnalysisTarget("ns", "d", "iris", "2", null, "p", "5f0c2d9e1a", null);

        AnalysisSpecValidator.Validate(spec).ShouldBeEmpty();
        CheckPlanner.Plan(spec, target).Select(c => c.Name).ShouldBe(["samples", "errorRate"]);
        var m = new AnalysisMeasurement { Verdict = MeasurementVerdict.Successful, Message = "ok" };
        var folded = AnalysisEvaluator.Fold(status, spec, [new CheckMeasurement("errorRate", CheckKind.ErrorRate, m)]);
        folded.Checks.ShouldHaveSingleItem().Successes.ShouldBe(1);
    }
}
