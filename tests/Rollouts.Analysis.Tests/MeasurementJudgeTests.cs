using Rollouts.Analysis.Prometheus;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis.Tests;

public sealed class MeasurementJudgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly PlannedCheck ErrorRate = new("errorRate", CheckKind.ErrorRate, "q-error", null, 0.01);
    private static readonly PlannedCheck Latency = new("latency", CheckKind.Latency, "q-latency", null, 50);
    private static readonly PlannedCheck Samples = new("samples", CheckKind.Samples, "q-samples", 50, null);
    private static readonly PlannedCheck Custom = new("positive-rate", CheckKind.Custom, "q-custom", 1, 10);

    public static TheoryData<PlannedCheck, QueryResult, MeasurementVerdict, string> Cases => new()
    {
        { ErrorRate, QueryResult.Single(0.134), MeasurementVerdict.Failed, "errorRate 0.134 > max 0.01" },
        { ErrorRate, QueryResult.Single(0.01), MeasurementVerdict.Successful, "errorRate 0.01 <= max 0.01" },
        { ErrorRate, QueryResult.Single(0), MeasurementVerdict.Successful, "errorRate 0 <= max 0.01" },
        { ErrorRate, QueryResult.Single(double.NaN), MeasurementVerdict.Inconclusive, "errorRate: NaN" },
        { ErrorRate, QueryResult.Empty, MeasurementVerdict.Inconclusive, "errorRate: no data (empty result)" },
        { ErrorRate, QueryResult.Multiple(3, 0.5), MeasurementVerdict.Inconclusive, "errorRate: 3 series where one value is needed" },
        { ErrorRate, QueryResult.Failure("connection refused"), MeasurementVerdict.Error, "errorRate: connection refused" },
        { Latency, QueryResult.Single(double.PositiveInfinity), MeasurementVerdict.Failed, "latency +Inf > max 50" },
        { Latency, QueryResult.Single(12.5), MeasurementVerdict.Successful, "latency 12.5 <= max 50" },
        { Custom, QueryResult.Single(double.NegativeInfinity), MeasurementVerdict.Failed, "positive-rate -Inf < min 1" },
        { Custom, QueryResult.Single(double.PositiveInfinity), MeasurementVerdict.Failed, "positive-rate +Inf > max 10" },
        { Custom, QueryResult.Single(0.5), MeasurementVerdict.Failed, "positive-rate 0.5 < min 1" },
        { Custom, QueryResult.Single(5), MeasurementVerdict.Successful, "positive-rate 5 within [1, 10]" },
        { Samples, QueryResult.Single(12), MeasurementVerdict.Inconclusive, "samples 12 < minSamples 50" },
        { Samples, QueryResult.Single(0), MeasurementVerdict.Inconclusive, "samples 0 < minSamples 50" },
        { Samples, QueryResult.Empty, MeasurementVerdict.Inconclusive, "samples: no data (empty result)" },
        { Samples, QueryResult.Single(50), MeasurementVerdict.Successful, "samples 50 >= minSamples 50" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Judge_gives_the_verdict_and_names_value_and_threshold(PlannedCheck check, QueryResult result, MeasurementVerdict verdict, string message)
    {
        var m = MeasurementJudge.Judge(check, result, null, Now);
        m.Verdict.ShouldBe(verdict);
        m.Message.ShouldStartWith(message);
        m.Query.ShouldBe(check.Query);
        m.Time.ShouldBe(Now);
    }

    [Fact]
    public void Only_finite_values_are_stored_as_values()
    {
        MeasurementJudge.Judge(ErrorRate, QueryResult.Single(0.5), null, Now).Value.ShouldBe(0.5);
        MeasurementJudge.Judge(ErrorRate, QueryResult.Single(double.NaN), null, Now).Value.ShouldBeNull();
        MeasurementJudge.Judge(Latency, QueryResult.Single(double.PositiveInfinity), null, Now).Value.ShouldBeNull();
        MeasurementJudge.Judge(ErrorRate, QueryResult.Empty, null, Now).Value.ShouldBeNull();
    }

    [Fact]
    public void Compared_to_stable_the_max_is_the_stable_value_plus_tolerance()
    {
        var check = ErrorRate with { StableQuery = "q-stable", StableTolerance = 0.005 };
        var pass = MeasurementJudge.Judge(check, QueryResult.Single(0.05), QueryResult.Single(0.048), Now);
        pass.Verdict.ShouldBe(MeasurementVerdict.Successful);
        pass.Message.ShouldContain("stable 0.048 + tolerance 0.005");
        MeasurementJudge.Judge(check, QueryResult.Single(0.06), QueryResult.Single(0.048), Now).Verdict.ShouldBe(MeasurementVerdict.Failed);
    }

    [Fact]
    public void Compared_to_a_stable_without_data_the_absolute_max_applies()
    {
        var check = ErrorRate with { StableQuery = "q-stable", StableTolerance = 0.005 };
        var m = MeasurementJudge.Judge(check, QueryResult.Single(0.05), QueryResult.Empty, Now);
        m.Verdict.ShouldBe(MeasurementVerdict.Failed);
        m.Message.ShouldContain("stable gave empty result; absolute max used");
    }

    [Fact]
    public void Too_few_samples_turn_failures_and_successes_into_Inconclusive_but_keep_errors()
    {
        var samples = MeasurementJudge.Judge(Samples, QueryResult.Single(3), null, Now);
        var round = new List<CheckMeasurement>
        {
            new("samples", CheckKind.Samples, samples),
            new("errorRate", CheckKind.ErrorRate, MeasurementJudge.Judge(ErrorRate, QueryResult.Single(0.33), null, Now)),
            new("latency", CheckKind.Latency, MeasurementJudge.Judge(Latency, QueryResult.Single(1), null, Now)),
            new("positive-rate", CheckKind.Custom, MeasurementJudge.Judge(Custom, QueryResult.Failure("timeout"), null, Now)),
        };

        var gated = MeasurementJudge.Gate(round, samples);

        gated.Select(m => m.Measurement.Verdict).ShouldBe([
            MeasurementVerdict.Inconclusive, MeasurementVerdict.Inconclusive, MeasurementVerdict.Inconclusive, MeasurementVerdict.Error]);
        gated[1].Measurement.Message.ShouldBe("errorRate 0.33 > max 0.01; not judged: too few samples (samples 3 < minSamples 50)");
        gated[1].Measurement.Value.ShouldBe(0.33);
    }

    [Fact]
    public void Enough_samples_leave_the_round_as_judged()
    {
        var samples = MeasurementJudge.Judge(Samples, QueryResult.Single(500), null, Now);
        var round = new List<CheckMeasurement>
        {
            new("samples", CheckKind.Samples, samples),
            new("errorRate", CheckKind.ErrorRate, MeasurementJudge.Judge(ErrorRate, QueryResult.Single(0.33), null, Now)),
        };
        MeasurementJudge.Gate(round, samples)[1].Measurement.Verdict.ShouldBe(MeasurementVerdict.Failed);
    }

    [Fact]
    public void Long_queries_and_messages_are_truncated()
    {
        var check = Custom with { Query = new string('x', 10_000) };
        var m = MeasurementJudge.Judge(check, QueryResult.Failure(new string('e', 10_000)), null, Now);
        m.Query.Length.ShouldBe(4096);
        m.Message.Length.ShouldBe(512);
    }
}
