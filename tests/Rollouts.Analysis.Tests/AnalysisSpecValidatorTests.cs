using Rollouts.Api.Analysis;

namespace Rollouts.Analysis.Tests;

public sealed class AnalysisSpecValidatorTests
{
    private static readonly AnalysisSpec Valid = new()
    {
        ErrorRate = new ErrorRateCheck { Max = 0.01 },
        Latency = new LatencyCheck { Quantile = 0.99, MaxMilliseconds = 50 },
        Drift = new DriftCheck { MaxPsi = 0.2 },
        Metrics = [new MetricCheck { Name = "positive-rate", Query = "sum(rate(m{model_version=\"{{version}}\",code=\"200\"}[{{window}}]))", Min = 1 }],
    };

    [Fact]
    public void The_issue_example_is_valid()
    {
        AnalysisSpecValidator.Validate(Valid).ShouldBeEmpty();
    }

    public static TheoryData<AnalysisSpec, string> Invalid => new()
    {
        { Valid with { Interval = "30" }, "analysis.interval '30' is not a duration" },
        { Valid with { Interval = "500ms" }, "analysis.interval must be at least 1s" },
        { Valid with { InitialDelay = "-1s" }, "analysis.initialDelay '-1s' is not a duration" },
        { Valid with { Window = "" }, "analysis.window '' is not a duration" },
        { Valid with { Count = 0 }, "analysis.count must be at least 1" },
        { Valid with { FailureLimit = -1 }, "analysis.failureLimit must be at least 0" },
        { Valid with { InconclusiveLimit = -1 }, "analysis.inconclusiveLimit must be at least 0" },
        { Valid with { ConsecutiveErrorLimit = -1 }, "analysis.consecutiveErrorLimit must be at least 0" },
        { Valid with { MinSamples = -5 }, "analysis.minSamples must be at least 0" },
        { Valid with { HistoryLimit = 0 }, "analysis.historyLimit must be 1 to 50" },
        { Valid with { HistoryLimit = 51 }, "analysis.historyLimit must be 1 to 50" },
        { Valid with { OnConsecutiveErrors = (ConsecutiveErrorAction)7 }, "analysis.onConsecutiveErrors must be Pause or Rollback" },
        { Valid with { ErrorRate = new ErrorRateCheck { Max = 1.5 } }, "analysis.errorRate.max must be a share from 0 to 1" },
        { Valid with { ErrorRate = new ErrorRateCheck { Max = double.NaN } }, "analysis.errorRate.max must be a share from 0 to 1" },
        { Valid with { Latency = new LatencyCheck { Quantile = 1, MaxMilliseconds = 50 } }, "analysis.latency.quantile must be between 0 and 1" },
        { Valid with { Latency = new LatencyCheck { Quantile = 0.9, MaxMilliseconds = 0 } }, "analysis.latency.maxMilliseconds must be greater than 0" },
        { Valid with { Drift = new DriftCheck { MaxPsi = 0 } }, "analysis.drift.maxPsi must be greater than 0" },
        { Valid with { StableTolerance = new StableTolerance { ErrorRate = -0.1 } }, "analysis.stableTolerance.errorRate must be from 0 to 1" },
        { new AnalysisSpec { CompareToStable = true, Drift = new DriftCheck() }, "analysis.compareToStable needs errorRate or latency" },
        { new AnalysisSpec(), "analysis needs at least one check" },
        { Valid with { Agreement = new AgreementCheck { Min = 1.2 } }, "analysis.agreement.min must be a share from 0 to 1 (got 1.2)" },
        { Valid with { Agreement = new AgreementCheck { Min = double.NaN } }, "analysis.agreement.min must be a share from 0 to 1" },
        { Valid with { Agreement = new AgreementCheck { MinComparisons = 0 } }, "analysis.agreement.minComparisons must be at least 1, so that no comparisons is never a pass (got 0)" },
        { Valid with { Metrics = [new MetricCheck { Name = "agreement", Query = "vector(1)", Min = 1 }] }, "analysis.metrics[0].name 'agreement' is reserved" },
        { Valid with { Accuracy = new AccuracyCheck { Min = -0.1 } }, "analysis.accuracy.min must be a share from 0 to 1 (got -0.1)" },
        { Valid with { Accuracy = new AccuracyCheck { MinLabels = 0 } }, "analysis.accuracy.minLabels must be at least 1, so that no labels is never a pass (got 0)" },
        { Valid with { Accuracy = new AccuracyCheck { Confidence = 0.5 } }, "analysis.accuracy.confidence must be between 0.5 and 1, exclusive, e.g. 0.95 (got 0.5)" },
        { Valid with { Accuracy = new AccuracyCheck { Confidence = 1 } }, "analysis.accuracy.confidence must be between 0.5 and 1, exclusive" },
        { Valid with { Accuracy = new AccuracyCheck { Window = "10" } }, "analysis.accuracy.window '10' is not a duration" },
        { Valid with { Accuracy = new AccuracyCheck { Window = "100ms" } }, "analysis.accuracy.window must be at least 1s" },
        { Valid with { Metrics = [new MetricCheck { Name = "accuracy", Query = "vector(1)", Min = 1 }] }, "analysis.metrics[0].name 'accuracy' is reserved" },
        { Valid with { Metrics = [new MetricCheck { Name = "Bad_Name", Query = "vector(1)", Min = 1 }] }, "analysis.metrics[0].name 'Bad_Name' must be lowercase" },
        { Valid with { Metrics = [new MetricCheck { Name = "latency", Query = "vector(1)", Min = 1 }] }, "analysis.metrics[0].name 'latency' is reserved" },
        { Valid with { Metrics = [new MetricCheck { Name = "a", Query = "vector(1)", Min = 1 }, new MetricCheck { Name = "a", Query = "vector(1)", Min = 1 }] }, "analysis.metrics[1].name 'a' is used twice" },
        { Valid with { Metrics = [new MetricCheck { Name = "a", Query = "", Min = 1 }] }, "analysis.metrics[0].query must be 1 to 4096 characters" },
        { Valid with { Metrics = [new MetricCheck { Name = "a", Query = new string('x', 4097), Min = 1 }] }, "analysis.metrics[0].query must be 1 to 4096 characters" },
        { Valid with { Metrics = [new MetricCheck { Name = "a", Query = "m{v=\"{{secret}}\"}", Min = 1 }] }, "analysis.metrics[0].query: unknown template variable {{secret}}" },
        { Valid with { Metrics = [new MetricCheck { Name = "a", Query = "m{v={{version}}}", Min = 1 }] }, "analysis.metrics[0].query: template variable {{version}} must sit inside a double-quoted string" },
        { Valid with { Metrics = [new MetricCheck { Name = "a", Query = "vector(1)" }] }, "analysis.metrics[0] needs min or max" },
        { Valid with { Metrics = [new MetricCheck { Name = "a", Query = "vector(1)", Min = 2, Max = 1 }] }, "analysis.metrics[0].min 2 is greater than max 1" },
        { Valid with { Metrics = [new MetricCheck { Name = "a", Query = "vector(1)", Max = double.PositiveInfinity }] }, "analysis.metrics[0].max must be a finite number" },
        { Valid with { Metrics = Enumerable.Range(0, 21).Select(i => new MetricCheck { Name = $"m{i}", Query = "vector(1)", Min = 1 }).ToList() }, "analysis.metrics may hold at most 20 checks" },
    };

    [Fact]
    public void Agreement_or_accuracy_alone_is_a_check()
    {
        AnalysisSpecValidator.Validate(new AnalysisSpec { Agreement = new AgreementCheck() }).ShouldBeEmpty();
        AnalysisSpecValidator.Validate(new AnalysisSpec { Accuracy = new AccuracyCheck { CompareToStable = true, Window = "10m" } }).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_problem_is_reported_with_its_field(AnalysisSpec spec, string expected)
    {
        var errors = AnalysisSpecValidator.Validate(spec);
        errors.ShouldContain(e => e.StartsWith(expected, StringComparison.Ordinal), $"got: {string.Join(" | ", errors)}");
    }
}
