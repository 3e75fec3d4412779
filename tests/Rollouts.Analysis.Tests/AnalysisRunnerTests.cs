using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rollouts.Analysis.Prometheus;
using Rollouts.Api.Analysis;

namespace Rollouts.Analysis.Tests;

public sealed class AnalysisRunnerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly AnalysisTarget Target = new("team-a", "iris-deploy", "iris", "2.0.0", "1.0.0", "canary step 1", "5f0c2d9e1a", "0b7d3c1e22");
    private static readonly AnalysisSpec Spec = new()
    {
        Interval = "30s", Count = 3, MinSamples = 50, Window = "1m",
        ErrorRate = new ErrorRateCheck { Max = 0.01 },
        Latency = new LatencyCheck { Quantile = 0.99, MaxMilliseconds = 50 },
    };

    private readonly FakeTimeProvider clock = new(Start);
    private readonly ScriptedPrometheus prometheus = new();
    private readonly RecordingMetrics metrics = new();

    private AnalysisRunner Runner() => new(prometheus, clock, metrics, NullLogger<AnalysisRunner>.Instance);

    private ScriptedPrometheus Healthy() => prometheus
        .Answer("increase(model_inference_requests_total", QueryResult.Single(600))
        .Answer("code=~\"5..\"", QueryResult.Single(0.001))
        .Answer("histogram_quantile", QueryResult.Single(7.5));

    [Fact]
    public async Task A_run_takes_a_round_when_due_and_schedules_the_next()
    {
        Healthy();
        var status = await Runner().AdvanceAsync(Target, Spec, null, CancellationToken.None);

        status.Phase.ShouldBe(AnalysisPhase.Running);
        status.Rounds.ShouldBe(1);
        status.StartedAt.ShouldBe(Start);
        status.NextMeasurementAt.ShouldBe(Start.AddSeconds(30));
        status.Checks.Select(c => c.Name).ShouldBe(["samples", "errorRate", "latency"]);
        prometheus.Calls.ShouldAllBe(c => c.Time == Start);
        prometheus.Calls.ShouldContain(c => c.Query.Contains("namespace=\"team-a\",model_deployment=\"iris-deploy\",model_revision=\"5f0c2d9e1a\",model_name=\"iris\",model_version=\"2.0.0\"") && c.Query.Contains("[1m]"));
        metrics.Taken.ShouldContain(("errorRate", MeasurementVerdict.Successful));
    }

    [Fact]
    public async Task Agreement_is_planned_only_while_shadowing_and_accuracy_only_while_not_each_with_its_count_at_the_same_time()
    {
        Healthy() // the last rule added is tried first: the shares contain their count queries as denominators
            .Answer("model_shadow_comparisons_total", QueryResult.Single(300))
            .Answer("outcome=\"agree\"", QueryResult.Single(0.99))
            .Answer("model_feedback_total", QueryResult.Single(150))
            .Answer("outcome=\"correct\"", QueryResult.Single(0.97));
        var spec = Spec with { Agreement = new AgreementCheck(), Accuracy = new AccuracyCheck() };

        var shadowing = await Runner().AdvanceAsync(Target with { Shadowing = true }, spec, null, CancellationToken.None);
        var weighted = await Runner().AdvanceAsync(Target with { Purpose = "canary step 4" }, spec, null, CancellationToken.None);

        shadowing.Checks.Select(c => c.Name).ShouldBe(["samples", "errorRate", "latency", "agreement"]);
        var agreement = shadowing.Checks[3].Measurements.ShouldHaveSingleItem();
        (agreement.Verdict, agreement.Value, agreement.Count).ShouldBe((MeasurementVerdict.Successful, (double?)0.99, (double?)300));
        weighted.Checks.Select(c => c.Name).ShouldBe(["samples", "errorRate", "latency", "accuracy"]);
        var accuracy = weighted.Checks[3].Measurements.ShouldHaveSingleItem();
        (accuracy.Verdict, accuracy.Value, accuracy.Count).ShouldBe((MeasurementVerdict.Successful, (double?)0.97, (double?)150));
        prometheus.Calls.Count(c => c.Query.StartsWith("sum(increase(model_shadow_comparisons_total", StringComparison.Ordinal)).ShouldBe(1);
        prometheus.Calls.Count(c => c.Query.StartsWith("sum(increase(model_feedback_total", StringComparison.Ordinal)).ShouldBe(1);
        prometheus.Calls.ShouldAllBe(c => c.Time == Start);
    }

    [Fact]
    public async Task Agreement_without_a_stable_revision_is_inconclusive_and_sends_no_shadow_query()
    {
        Healthy();
        var spec = Spec with { Agreement = new AgreementCheck() };

        var status = await Runner().AdvanceAsync(Target with { StableRevision = null, Shadowing = true }, spec, null, CancellationToken.None);

        var agreement = status.Checks.Single(c => c.Name == "agreement").Measurements.ShouldHaveSingleItem();
        agreement.Verdict.ShouldBe(MeasurementVerdict.Inconclusive);
        agreement.Message.ShouldBe("agreement: no stable revision shadows 5f0c2d9e1a, so there are no comparisons");
        prometheus.Calls.ShouldNotContain(c => c.Query.Contains("model_shadow_comparisons_total"));
    }

    [Fact]
    public async Task Nothing_happens_before_the_next_measurement_is_due()
    {
        Healthy();
        var runner = Runner();
        var first = await runner.AdvanceAsync(Target, Spec, null, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(29));
        var calls = prometheus.Calls.Count;

        (await runner.AdvanceAsync(Target, Spec, first, CancellationToken.None)).ShouldBeSameAs(first);
        prometheus.Calls.Count.ShouldBe(calls);
    }

    [Fact]
    public async Task InitialDelay_postpones_the_first_round()
    {
        Healthy();
        var runner = Runner();
        var spec = Spec with { InitialDelay = "1m" };
        var started = await runner.AdvanceAsync(Target, spec, null, CancellationToken.None);
        started.Rounds.ShouldBe(0);
        started.NextMeasurementAt.ShouldBe(Start.AddMinutes(1));
        prometheus.Calls.ShouldBeEmpty();

        clock.Advance(TimeSpan.FromMinutes(1));
        (await runner.AdvanceAsync(Target, spec, started, CancellationToken.None)).Rounds.ShouldBe(1);
    }

    [Fact]
    public async Task Count_healthy_rounds_succeed_and_end_the_schedule()
    {
        Healthy();
        var status = await Drive(Spec, rounds: 3);
        status.Phase.ShouldBe(AnalysisPhase.Successful);
        status.NextMeasurementAt.ShouldBeNull();
        status.Message.ShouldStartWith("3 of 3 rounds successful");
    }

    [Fact]
    public async Task A_high_error_rate_fails_the_run_with_the_query_in_the_message()
    {
        Healthy().Answer("code=~\"5..\"", QueryResult.Single(0.134));
        var status = await Drive(Spec, rounds: 2);
        status.Phase.ShouldBe(AnalysisPhase.Failed);
        status.Message.ShouldStartWith("2 failed rounds > failureLimit 1: errorRate 0.134 > max 0.01 (query: (sum(rate(model_inference_requests_total{namespace=\"team-a\"");
    }

    [Fact]
    public async Task A_canary_without_traffic_is_Inconclusive_never_Failed()
    {
        // No series at all for the canary: every query is empty, NaN or (for the 5xx part) 0.
        prometheus.Answer("histogram_quantile", QueryResult.Single(double.NaN)).Answer("code=~\"5..\"", QueryResult.Single(double.NaN));
        var status = await Drive(Spec, rounds: 4);
        status.Phase.ShouldBe(AnalysisPhase.Inconclusive);
        status.FailedRounds.ShouldBe(0);
        status.Message.ShouldStartWith("4 inconclusive rounds > inconclusiveLimit 3: samples: no data (empty result)");
    }

    [Fact]
    public async Task Too_few_samples_never_fail_even_with_a_bad_error_rate()
    {
        Healthy().Answer("increase(model_inference_requests_total", QueryResult.Single(3)).Answer("code=~\"5..\"", QueryResult.Single(0.66));
        var status = await Drive(Spec, rounds: 4);
        status.Phase.ShouldBe(AnalysisPhase.Inconclusive);
        status.Checks.Single(c => c.Name == "errorRate").Failures.ShouldBe(0);
    }

    [Fact]
    public async Task Prometheus_errors_end_in_Error_after_the_limit_and_never_succeed()
    {
        prometheus.Answer("", QueryResult.Failure("connection refused"));
        var spec = Spec with { Count = 1, ConsecutiveErrorLimit = 2 };
        var runner = Runner();
        AnalysisRunStatus? status = null;
        var phases = new List<AnalysisPhase>();
        for (var i = 0; i < 3; i++)
        {
            status = await runner.AdvanceAsync(Target, spec, status, CancellationToken.None);
            phases.Add(status.Phase);
            clock.Advance(TimeSpan.FromSeconds(30));
        }

        phases.ShouldBe([AnalysisPhase.Running, AnalysisPhase.Running, AnalysisPhase.Error]);
        status!.Message.ShouldContain("3 error rounds in a row > consecutiveErrorLimit 2: samples: connection refused");
    }

    [Fact]
    public async Task A_new_purpose_or_version_starts_a_new_run()
    {
        Healthy();
        var runner = Runner();
        var done = await Drive(Spec with { Count = 1 }, rounds: 1);
        done.Phase.ShouldBe(AnalysisPhase.Successful);

        var next = await runner.AdvanceAsync(Target with { Purpose = "canary step 2" }, Spec, done, CancellationToken.None);
        next.Purpose.ShouldBe("canary step 2");
        next.Rounds.ShouldBe(1);
        next.Phase.ShouldBe(AnalysisPhase.Running);
    }

    [Fact]
    public async Task A_new_revision_of_the_same_version_starts_a_new_run_and_the_run_names_its_revision()
    {
        Healthy();
        var done = await Drive(Spec with { Count = 1 }, rounds: 1);
        done.Phase.ShouldBe(AnalysisPhase.Successful);
        done.TargetRevision.ShouldBe(Target.Revision);

        // The same version from another file or image: the verdict on the revision it replaces says nothing about it.
        var next = await Runner().AdvanceAsync(Target with { Revision = "9a8b7c6d5e" }, Spec with { Count = 1 }, done, CancellationToken.None);
        next.ShouldNotBeSameAs(done);
        next.TargetRevision.ShouldBe("9a8b7c6d5e");
        next.TargetVersion.ShouldBe("2.0.0");
        next.Rounds.ShouldBe(1);
    }

    [Fact]
    public async Task A_run_recorded_without_its_revision_is_matched_by_version()
    {
        Healthy();
        var done = await Drive(Spec with { Count = 1 }, rounds: 1) with { TargetRevision = "" }; // written by an older operator
        (await Runner().AdvanceAsync(Target, Spec with { Count = 1 }, done, CancellationToken.None)).ShouldBeSameAs(done);
    }

    [Fact]
    public async Task A_terminal_run_is_returned_unchanged()
    {
        Healthy();
        var done = await Drive(Spec with { Count = 1 }, rounds: 1);
        clock.Advance(TimeSpan.FromHours(1));
        (await Runner().AdvanceAsync(Target, Spec with { Count = 1 }, done, CancellationToken.None)).ShouldBeSameAs(done);
    }

    [Fact]
    public async Task An_invalid_spec_gives_an_Error_run_naming_the_problem_without_querying()
    {
        var spec = Spec with { Metrics = [new MetricCheck { Name = "x", Query = "m{v=\"{{secret}}\"}", Max = 1 }] };
        var status = await Runner().AdvanceAsync(Target, spec, null, CancellationToken.None);
        status.Phase.ShouldBe(AnalysisPhase.Error);
        status.Message.ShouldContain("invalid analysis spec: analysis.metrics[0].query: unknown template variable {{secret}}");
        prometheus.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_spec_fixed_after_an_invalid_spec_error_starts_a_fresh_run()
    {
        Healthy();
        var runner = Runner();
        var invalid = await runner.AdvanceAsync(Target, Spec with { Count = 0 }, null, CancellationToken.None);
        invalid.Phase.ShouldBe(AnalysisPhase.Error);

        var fixedRun = await runner.AdvanceAsync(Target, Spec, invalid, CancellationToken.None);
        fixedRun.Phase.ShouldBe(AnalysisPhase.Running);
        fixedRun.Rounds.ShouldBe(1);
    }

    [Fact]
    public async Task A_verdict_stands_when_the_spec_later_becomes_invalid()
    {
        Healthy().Answer("code=~\"5..\"", QueryResult.Single(0.5));
        var failed = await Runner().AdvanceAsync(Target, Spec with { FailureLimit = 0 }, null, CancellationToken.None);
        failed.Phase.ShouldBe(AnalysisPhase.Failed);

        (await Runner().AdvanceAsync(Target, Spec with { Count = 0 }, failed, CancellationToken.None)).ShouldBeSameAs(failed);
    }

    [Fact]
    public async Task The_services_extension_wires_a_runner()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(global::Prometheus.Metrics.NewCustomRegistry());
        services.AddPrometheusAnalysis(new PrometheusClientOptions { Address = new Uri("http://127.0.0.1:1/") });
        await using var provider = services.BuildServiceProvider();

        var runner = provider.GetRequiredService<IAnalysisRunner>();
        var advancing = runner.AdvanceAsync(Target, Spec with { ConsecutiveErrorLimit = 0 }, null, CancellationToken.None);

        // Nothing listens on port 1: the client's retries wait on the registered clock, so the test moves it on.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!advancing.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, deadline.Token);
        }

        var status = await advancing;

        status.Phase.ShouldBe(AnalysisPhase.Error);
        (await Rollouts.Testing.MetricsText.ExportAsync(provider.GetRequiredService<global::Prometheus.CollectorRegistry>())).ShouldContain("rollouts_analysis_measurements_total{check=\"samples\",verdict=\"Error\"} 1");
    }

    [Fact]
    public async Task CompareToStable_queries_the_stable_version_and_judges_against_it()
    {
        Healthy()
            .Answer("model_version=\"2.0.0\",code=~\"5..\"", QueryResult.Single(0.03))
            .Answer("model_version=\"1.0.0\",code=~\"5..\"", QueryResult.Single(0.028));
        var spec = Spec with { CompareToStable = true, StableTolerance = new StableTolerance { ErrorRate = 0.005 }, Count = 1 };
        var status = await Runner().AdvanceAsync(Target, spec, null, CancellationToken.None);
        status.Phase.ShouldBe(AnalysisPhase.Successful);
        status.Checks.Single(c => c.Name == "errorRate").Measurements[0].Message.ShouldContain("stable 0.028 + tolerance 0.005");
    }

    [Fact]
    public async Task Custom_queries_are_rendered_with_escaped_values()
    {
        Healthy().Answer("positive", QueryResult.Single(5));
        var hostile = Target with { Version = "\"} or vector(1) or {x=\"" };
        var spec = Spec with { Metrics = [new MetricCheck { Name = "positive", Query = "sum(positive{v=\"{{version}}\"})", Min = 1 }] };
        await Runner().AdvanceAsync(hostile, spec, null, CancellationToken.None);
        prometheus.Calls.ShouldContain(c => c.Query == "sum(positive{v=\"\\\"} or vector(1) or {x=\\\"\"})");
    }

    private async Task<AnalysisRunStatus> Drive(AnalysisSpec spec, int rounds)
    {
        var runner = Runner();
        AnalysisRunStatus? status = null;
        for (var i = 0; i < rounds; i++)
        {
            status = await runner.AdvanceAsync(Target, spec, status, CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(30));
        }

        return status!;
    }
}
