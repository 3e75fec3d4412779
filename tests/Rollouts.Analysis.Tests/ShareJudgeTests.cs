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
        var target = new AnalysisTarget("team-a", "iris", "iris", "2.0.0", "1.0.0", "canary step 2", "ca4a10e001", "57ab1e0001");
        var spec = new AnalysisSpec { Window = "90s", Agreement = new AgreementCheck { Min = 0.9, MinComparisons = 50 } };

        var check = CheckPlanner.Plan(spec, target).Single(c => c.Kind == CheckKind.Agreement);

        var sel = "namespace=\"team-a\",model_deployment=\"iris\",model_revision=\"57ab1e0001\",candidate_revision=\"ca4a10e001\"";
        check.Query.ShouldBe($"(sum(increase(model_shadow_comparisons_total{{{sel},outcome=\"agree\"}}[1m30s])) or vector(0)) / "
            + $"sum(increase(model_shadow_comparisons_total{{{sel},outcome=~\"agree|disagree|error\"}}[1m30s]))");
        check.Counted.ShouldNotBeNull().CountQuery.ShouldBe($"sum(increase(model_shadow_comparisons_total{{{sel},outcome=~\"agree|disagree|error\"}}[1m30s]))");
        (check.Min, check.Counted.MinCount).ShouldBe((0.9, 50));
        CheckPlanner.Plan(spec, target with { StableRevision = null }).Single(c => c.Kind == CheckKind.Agreement).NotMeasurable.ShouldNotBeNull();
    }
}
