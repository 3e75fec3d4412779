using Rollouts.Api.Analysis;
using static Rollouts.Api.Analysis.MeasurementVerdict;

namespace Rollouts.Analysis.Tests;

public sealed class AnalysisEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly AnalysisTarget Target = new("team-a", "iris", "iris", "2.0.0", "1.0.0", "canary step 1", "5f0c2d9e1a", "0b7d3c1e22");
    private static readonly AnalysisSpec Spec = new()
    {
        Count = 3, FailureLimit = 1, InconclusiveLimit = 3, ConsecutiveErrorLimit = 4, HistoryLimit = 10,
        ErrorRate = new ErrorRateCheck { Max = 0.01 },
    };

    private static CheckMeasurement M(string check, MeasurementVerdict verdict, double? value = null) =>
        new(check, CheckKind.ErrorRate, new AnalysisMeasurement
        {
            Time = Now, Value = value, Verdict = verdict, Query = $"query-of-{check}", Message = $"{check} says {verdict}",
        });

    private static AnalysisRunStatus Run(AnalysisSpec spec, params MeasurementVerdict[] rounds)
    {
        var status = AnalysisEvaluator.Start(Target, ["errorRate"], Now, Now);
        foreach (var verdict in rounds)
        {
            status = AnalysisEvaluator.Fold(status, spec, [M("errorRate", verdict)]);
        }

        return status;
    }

    public static TheoryData<string, MeasurementVerdict[], AnalysisPhase> Sequences => new()
    {
        { "count successes succeed", [Successful, Successful, Successful], AnalysisPhase.Successful },
        { "fewer than count keep running", [Successful, Successful], AnalysisPhase.Running },
        { "failures up to the limit are tolerated", [Failed, Successful, Successful], AnalysisPhase.Running },
        { "a tolerated failure still needs count successes", [Failed, Successful, Successful, Successful], AnalysisPhase.Successful },
        { "failures beyond the limit fail", [Failed, Successful, Failed], AnalysisPhase.Failed },
        { "inconclusive up to the limit keep running", [Inconclusive, Inconclusive, Inconclusive], AnalysisPhase.Running },
        { "inconclusive beyond the limit", [Inconclusive, Inconclusive, Inconclusive, Inconclusive], AnalysisPhase.Inconclusive },
        { "inconclusive are counted in total, successes do not reset them", [Inconclusive, Successful, Inconclusive, Successful, Inconclusive, Inconclusive], AnalysisPhase.Inconclusive },
        { "errors up to the limit keep running", [Error, Error, Error, Error], AnalysisPhase.Running },
        { "errors beyond the limit", [Error, Error, Error, Error, Error], AnalysisPhase.Error },
        { "a success resets consecutive errors", [Error, Error, Error, Error, Successful, Error, Error, Error, Error], AnalysisPhase.Running },
        { "an inconclusive round resets consecutive errors", [Error, Error, Error, Error, Inconclusive, Error], AnalysisPhase.Running },
        { "errors never count as successes", [Error, Successful, Error, Successful, Error], AnalysisPhase.Running },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Rounds_fold_into_the_phase(string because, MeasurementVerdict[] rounds, AnalysisPhase phase)
    {
        Run(Spec, rounds).Phase.ShouldBe(phase, because);
    }

    [Theory]
    [InlineData(0, 1, AnalysisPhase.Failed)]
    [InlineData(2, 2, AnalysisPhase.Running)]
    [InlineData(2, 3, AnalysisPhase.Failed)]
    public void FailureLimit_is_the_number_of_failed_rounds_tolerated(int limit, int failures, AnalysisPhase phase)
    {
        Run(Spec with { FailureLimit = limit, Count = 10 }, Enumerable.Repeat(Failed, failures).ToArray()).Phase.ShouldBe(phase);
    }

    [Fact]
    public void Limits_of_zero_end_the_run_at_the_first_such_round()
    {
        var strict = Spec with { FailureLimit = 0, InconclusiveLimit = 0, ConsecutiveErrorLimit = 0 };
        Run(strict, Inconclusive).Phase.ShouldBe(AnalysisPhase.Inconclusive);
        Run(strict, Error).Phase.ShouldBe(AnalysisPhase.Error);
        Run(strict, Failed).Phase.ShouldBe(AnalysisPhase.Failed);
    }

    [Theory]
    [InlineData(new[] { Successful, Failed, Error, Inconclusive }, Failed)]
    [InlineData(new[] { Successful, Error, Inconclusive }, Error)]
    [InlineData(new[] { Successful, Inconclusive }, Inconclusive)]
    [InlineData(new[] { Successful, Successful }, Successful)]
    [InlineData(new MeasurementVerdict[0], Inconclusive)]
    public void A_rounds_verdict_is_its_worst_check(MeasurementVerdict[] checks, MeasurementVerdict expected)
    {
        AnalysisEvaluator.RoundVerdict(checks.Select((v, i) => M($"c{i}", v)).ToList()).ShouldBe(expected);
    }

    [Fact]
    public void Counters_per_check_and_per_round_are_kept()
    {
        var status = AnalysisEvaluator.Start(Target, ["samples", "errorRate"], Now, Now);
        status = AnalysisEvaluator.Fold(status, Spec with { Count = 10 }, [M("samples", Successful), M("errorRate", Error)]);
        status = AnalysisEvaluator.Fold(status, Spec with { Count = 10 }, [M("samples", Successful), M("errorRate", Error)]);
        status = AnalysisEvaluator.Fold(status, Spec with { Count = 10 }, [M("samples", Inconclusive), M("errorRate", Failed)]);

        status.Rounds.ShouldBe(3);
        status.FailedRounds.ShouldBe(1);
        status.InconclusiveRounds.ShouldBe(0);
        status.ConsecutiveErrorRounds.ShouldBe(0);
        var samples = status.Checks[0];
        (samples.Name, samples.Successes, samples.Inconclusives, samples.Failures).ShouldBe(("samples", 2, 1, 0));
        var errorRate = status.Checks[1];
        (errorRate.Failures, errorRate.ConsecutiveErrors, errorRate.Measurements.Count).ShouldBe((1, 0, 3));
    }

    [Fact]
    public void History_is_bounded_by_historyLimit_keeping_the_newest()
    {
        var spec = Spec with { HistoryLimit = 10, Count = 1000, ConsecutiveErrorLimit = 1000 };
        var status = AnalysisEvaluator.Start(Target, ["errorRate"], Now, Now);
        for (var i = 0; i < 100; i++)
        {
            status = AnalysisEvaluator.Fold(status, spec, [M("errorRate", i % 2 == 0 ? Error : Successful, i)]);
        }

        var kept = status.Checks.ShouldHaveSingleItem().Measurements;
        kept.Count.ShouldBe(10);
        kept.Select(m => m.Value).ShouldBe(Enumerable.Range(90, 10).Select(i => (double?)i));
    }

    [Fact]
    public void History_is_bounded_even_when_the_spec_asks_for_more()
    {
        var spec = Spec with { HistoryLimit = 100_000, Count = 1000 };
        var status = Run(spec, Enumerable.Repeat(Successful, 120).ToArray());
        status.Checks[0].Measurements.Count.ShouldBe(AnalysisEvaluator.MaxHistory);
    }

    [Fact]
    public void The_failed_run_message_names_check_value_threshold_and_query()
    {
        var status = AnalysisEvaluator.Start(Target, ["samples", "errorRate"], Now, Now);
        var failing = new CheckMeasurement("errorRate", CheckKind.ErrorRate, new AnalysisMeasurement
        {
            Time = Now, Value = 0.134, Verdict = Failed, Query = "sum(rate(x[1m]))", Message = "errorRate 0.134 > max 0.01",
        });
        status = AnalysisEvaluator.Fold(status, Spec with { FailureLimit = 0 }, [M("samples", Successful), failing]);

        status.Phase.ShouldBe(AnalysisPhase.Failed);
        status.Message.ShouldBe("1 failed rounds > failureLimit 0: errorRate 0.134 > max 0.01 (query: sum(rate(x[1m])))");
    }

    [Fact]
    public void A_terminal_run_is_not_folded_further()
    {
        var failed = Run(Spec with { FailureLimit = 0 }, Failed);
        AnalysisEvaluator.Fold(failed, Spec, [M("errorRate", Successful)]).ShouldBeSameAs(failed);
    }

    [Fact]
    public void A_check_added_to_the_spec_mid_run_starts_with_empty_counters()
    {
        var status = Run(Spec with { Count = 10 }, Successful, Successful);
        status = AnalysisEvaluator.Fold(status, Spec with { Count = 10 }, [M("errorRate", Successful), M("latency", Successful)]);
        status.Checks.Select(c => (c.Name, c.Successes)).ShouldBe([("errorRate", 3), ("latency", 1)]);
    }
}
