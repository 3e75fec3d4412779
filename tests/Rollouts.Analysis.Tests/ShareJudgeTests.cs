using Rollouts.Analysis.Prometheus;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis.Tests;

/// <summary>Share checks (agreement) are judged over enough events only: no data, too few or NaN is Inconclusive, never a pass.</summary>
public sealed class ShareJudgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
    private static readonly PlannedCheck Agreement = new("agreement", CheckKind.Agreement, "q-agreement", 0.95, null,
        Counted: new CountedShare("q-comparisons", 100, "comparisons", "minComparisons"));

    public static TheoryData<QueryResult, QueryResult, MeasurementVerdict, string> Cases => new()
    {
        { QueryResult.Single(0.98), QueryResult.Single(240), MeasurementVerdict.Successful, "agreement 0.98 >= min 0.95 over 240 comparisons" },
        { QueryResult.Single(0.95), QueryResult.Single(100), MeasurementVerdict.Successful, "agreement 0.95 >= min 0.95 over 100 comparisons" },
        { QueryResult.Single(0.75), QueryResult.Single(200), MeasurementVerdict.Failed, "agreement 0.75 < min 0.95 over 200 comparisons" },
        { QueryResult.Single(1), QueryResult.Single(99.5), MeasurementVerdict.Inconclusive, "agreement 1 over 99.5 comparisons < minComparisons 100: not judged" },
        { QueryResult.Single(0), QueryResult.Single(3), MeasurementVerdict.Inconclusive, "agreement 0 over 3 comparisons < minComparisons 100: not judged" },
        { QueryResult.Empty, QueryResult.Empty, MeasurementVerdict.Inconclusive, "agreement: no comparisons in the window (empty result; minComparisons 100)" },
        { QueryResult.Single(double.NaN), QueryResult.Single(0), MeasurementVerdict.Inconclusive, "agreement over 0 comparisons < minComparisons 100: not judged" },
        { QueryResult.Single(double.NaN), QueryResult.Single(double.NaN), MeasurementVerdict.Inconclusive, "agreement: no comparisons in the window (NaN; minComparisons 100)" },
        { QueryResult.Single(double.NaN), QueryResult.Single(500), MeasurementVerdict.Inconclusive, "agreement: NaN over 500 comparisons" },
        { QueryResult.Multiple(2, 0.9), QueryResult.Single(500), MeasurementVerdict.Inconclusive, "agreement: 2 series over 500 comparisons" },
        { QueryResult.Failure("timeout"), QueryResult.Single(500), MeasurementVerdict.Error, "agreement: timeout" },
        { QueryResult.Single(0.99), QueryResult.Failure("connection refused"), MeasurementVerdict.Error, "agreement: connection refused" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Agreement_is_judged_over_enough_comparisons(QueryResult share, QueryResult count, MeasurementVerdict verdict, string message)
    {
        var m = MeasurementJudge.Judge(Agreement, new CheckResults(share, Count: count), Now);

        m.Verdict.ShouldBe(verdict);
        m.Message.ShouldBe(message);
        m.Query.ShouldBe("q-agreement");
        m.Count.ShouldBe(count.Outcome == QueryOutcome.Number ? count.Value : null);
    }

    [Fact]
    public void A_check_that_cannot_be_measured_is_inconclusive_with_its_reason()
    {
        var check = Agreement with { NotMeasurable = "agreement: no stable revision shadows ca4a10e001, so there are no comparisons" };

        var m = MeasurementJudge.Judge(check, new CheckResults(QueryResult.Single(1)), Now);

        (m.Verdict, m.Value, m.Count).ShouldBe((MeasurementVerdict.Inconclusive, (double?)null, (double?)null));
        m.Message.ShouldBe(check.NotMeasurable);
    }

    [Fact]
    public void The_plan_selects_the_stable_as_the_shadowing_revision_and_the_canary_as_the_candidate()
    {
        var target = new AnalysisTarget("team-a", "iris", "iris", "2.0.0", "1.0.0", "canary step 2", "ca4a10e001", "57ab1e0001", Shadowing: true);
        var spec = new AnalysisSpec { Window = "90s", Agreement = new AgreementCheck { Min = 0.9, MinComparisons = 50 } };

        var check = CheckPlanner.Plan(spec, target).Single(c => c.Kind == CheckKind.Agreement);

        var sel = "namespace=\"team-a\",model_deployment=\"iris\",model_revision=\"57ab1e0001\",candidate_revision=\"ca4a10e001\"";
        check.Query.ShouldBe($"(sum(increase(model_shadow_comparisons_total{{{sel},outcome=\"agree\"}}[1m30s])) or vector(0)) / "
            + $"sum(increase(model_shadow_comparisons_total{{{sel},outcome=~\"agree|disagree|error\"}}[1m30s]))");
        check.Counted.ShouldNotBeNull().CountQuery.ShouldBe($"sum(increase(model_shadow_comparisons_total{{{sel},outcome=~\"agree|disagree|error\"}}[1m30s]))");
        (check.Min, check.Counted.MinCount).ShouldBe((0.9, 50));
        CheckPlanner.Plan(spec, target with { StableRevision = null }).Single(c => c.Kind == CheckKind.Agreement).NotMeasurable.ShouldNotBeNull();
    }

    private static readonly PlannedCheck AccuracyVsStable = new("accuracy", CheckKind.Accuracy, "q-accuracy", null, null, StableQuery: "q-stable-accuracy",
        Counted: new CountedShare("q-labels", 100, "labels", "minLabels", StableCountQuery: "q-stable-labels", Confidence: 0.95));

    public static TheoryData<QueryResult, QueryResult, QueryResult, QueryResult, MeasurementVerdict, string> CompareCases => new()
    {
        { QueryResult.Single(0.8), QueryResult.Single(200), QueryResult.Single(0.95), QueryResult.Single(300), MeasurementVerdict.Failed,
            "accuracy 0.8 vs stable 0.95 over 200 and 300 labels: z -5.25159 < -1.64485 (one-sided, confidence 0.95, p 7.53973E-08): significantly worse than the stable" },
        { QueryResult.Single(0.93), QueryResult.Single(200), QueryResult.Single(0.95), QueryResult.Single(300), MeasurementVerdict.Successful,
            "accuracy 0.93 vs stable 0.95 over 200 and 300 labels: z -0.937306 >= -1.64485 (one-sided, confidence 0.95, p 0.174301): not significantly worse than the stable" },
        { QueryResult.Single(0.97), QueryResult.Single(150), QueryResult.Single(0.9), QueryResult.Single(400), MeasurementVerdict.Successful,
            "accuracy 0.97 vs stable 0.9 over 150 and 400 labels: z 2.68111 >= -1.64485 (one-sided, confidence 0.95, p 0.996331): not significantly worse than the stable" },
        { QueryResult.Single(0.5), QueryResult.Single(200), QueryResult.Single(0.95), QueryResult.Single(30), MeasurementVerdict.Inconclusive,
            "accuracy 0.5 over 200 labels; stable over 30 labels < minLabels 100: not compared" },
        { QueryResult.Single(0.5), QueryResult.Single(200), QueryResult.Empty, QueryResult.Empty, MeasurementVerdict.Inconclusive,
            "accuracy 0.5 over 200 labels; stable: no labels in the window (empty result): not compared" },
        { QueryResult.Single(0.5), QueryResult.Single(200), QueryResult.Single(double.NaN), QueryResult.Single(150), MeasurementVerdict.Inconclusive,
            "accuracy 0.5 over 200 labels; stable: NaN over 150 labels: not compared" },
        { QueryResult.Single(0.5), QueryResult.Single(20), QueryResult.Single(0.95), QueryResult.Single(300), MeasurementVerdict.Inconclusive,
            "accuracy 0.5 over 20 labels < minLabels 100: not judged" },
        { QueryResult.Single(0.5), QueryResult.Single(200), QueryResult.Failure("timeout"), QueryResult.Single(300), MeasurementVerdict.Error, "accuracy: timeout" },
        { QueryResult.Single(0.5), QueryResult.Single(200), QueryResult.Single(0.9), QueryResult.Failure("HTTP 503"), MeasurementVerdict.Error, "accuracy: HTTP 503" },
    };

    [Theory]
    [MemberData(nameof(CompareCases))]
    public void Accuracy_against_the_stable_fails_only_when_significantly_worse_and_needs_minLabels_on_both(
        QueryResult share, QueryResult count, QueryResult stable, QueryResult stableCount, MeasurementVerdict verdict, string message)
    {
        var m = MeasurementJudge.Judge(AccuracyVsStable, new CheckResults(share, stable, count, stableCount), Now);

        m.Verdict.ShouldBe(verdict);
        m.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData(true, "agreement")]
    [InlineData(false, "accuracy")]
    public void One_spec_plans_agreement_only_while_shadowing_and_accuracy_only_while_not(bool shadowing, string planned)
    {
        var target = new AnalysisTarget("team-a", "iris", "iris", "2.0.0", "1.0.0", "canary step 2", "ca4a10e001", "57ab1e0001", shadowing);
        var spec = new AnalysisSpec { MinSamples = 0, Agreement = new AgreementCheck(), Accuracy = new AccuracyCheck() };

        CheckPlanner.Plan(spec, target).Select(c => c.Name).ShouldBe([planned]);
    }

    [Fact]
    public void The_accuracy_plan_selects_the_predicting_revision_in_its_own_window()
    {
        var target = new AnalysisTarget("team-a", "iris", "iris", "2.0.0", "1.0.0", "canary step 4", "ca4a10e001", "57ab1e0001");
        var spec = new AnalysisSpec { Window = "1m", Accuracy = new AccuracyCheck { Min = 0.9, MinLabels = 80, Window = "10m" } };

        var check = CheckPlanner.Plan(spec, target).Single(c => c.Kind == CheckKind.Accuracy);

        var sel = "namespace=\"team-a\",model_deployment=\"iris\",prediction_revision=\"ca4a10e001\"";
        var labels = $"sum(increase(model_feedback_total{{{sel},outcome=~\"correct|incorrect\"}}[10m]))";
        check.Query.ShouldBe($"(sum(increase(model_feedback_total{{{sel},outcome=\"correct\"}}[10m])) or vector(0)) / {labels}");
        check.Counted.ShouldBe(new CountedShare(labels, 80, "labels", "minLabels"));
        (check.Min, check.StableQuery).ShouldBe((0.9, (string?)null));

        var compared = CheckPlanner.Plan(spec with { Accuracy = spec.Accuracy! with { CompareToStable = true, Confidence = 0.99 } }, target).Single(c => c.Kind == CheckKind.Accuracy);
        compared.StableQuery.ShouldNotBeNull().ShouldContain("prediction_revision=\"57ab1e0001\"");
        compared.Counted.ShouldNotBeNull().StableCountQuery.ShouldNotBeNull().ShouldContain("prediction_revision=\"57ab1e0001\"");
        (compared.Min, compared.Counted.Confidence).ShouldBe(((double?)null, 0.99));
        CheckPlanner.Plan(spec with { Accuracy = spec.Accuracy! with { CompareToStable = true } }, target with { StableRevision = null })
            .Single(c => c.Kind == CheckKind.Accuracy).NotMeasurable.ShouldNotBeNull().ShouldContain("compareToStable needs a stable revision");
    }
}
