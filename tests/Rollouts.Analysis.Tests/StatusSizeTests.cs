using System.Text;
using k8s;
using k8s.Models;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;

namespace Rollouts.Analysis.Tests;

/// <summary>
/// A status write can never hit etcd's object limit: for the largest spec the CRD admits (6 built-in checks and 32
/// custom metrics with 4,096-character queries, historyLimit 50, many rounds; counts on every measurement) the whole status, serialized as the
/// operator writes it (KubernetesJson), stays below 256 KiB.
/// </summary>
public sealed class StatusSizeTests
{
    private const int MaxStatusBytes = 256 * 1024;
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("sum(rate(x{a=\"\\\\d\"}[1m]))+")] // PromQL with quotes and backslashes
    [InlineData("\"")] // nothing but characters JSON writes as \u0022: 6 bytes each
    [InlineData("é")] // non-ASCII: \u00e9
    public void The_largest_spec_the_schema_admits_keeps_the_status_below_256_KiB_and_each_check_its_newest_measurements(string queryPattern)
    {
        var names = new[] { "samples", "errorRate", "latency", "drift", "agreement", "accuracy" }
            .Concat(Enumerable.Range(0, 32).Select(i => $"custom-metric-{i:00}-{new string('m', 40)}"))
            .ToList();
        var spec = new AnalysisSpec { HistoryLimit = 50, Count = 1000, InconclusiveLimit = 1000 };
        var run = AnalysisEvaluator.Start(new AnalysisTarget("ns", "iris", "iris", "2.0.0", "1.0.0", "canary step 3", "5f0c2d9e1a", "0b7d3c1e22"), names, Start, Start);

        for (var round = 0; round < 60; round++)
        {
            run = AnalysisEvaluator.Fold(run, spec, [.. names.Select(n => Measure(n, round, queryPattern: queryPattern))]);
        }

        var bytes = Encoding.UTF8.GetByteCount(KubernetesJson.Serialize(LargestStatus(run)));

        bytes.ShouldBeLessThan(MaxStatusBytes);
        run.Checks.Count.ShouldBe(38);
        foreach (var check in run.Checks)
        {
            check.Measurements.ShouldNotBeEmpty();
            check.Measurements[^1].Time.ShouldBe(Start.AddMinutes(59), "the newest measurement is kept");
            check.Measurements.Select(m => m.Time).ShouldBeInOrder(SortDirection.Ascending);
            (check.Successes + check.Inconclusives).ShouldBe(60, "counters cover the whole run, whatever was cut");
        }
    }

    [Fact]
    public void A_typical_spec_keeps_its_whole_history()
    {
        var names = new[] { "samples", "errorRate", "latency", "drift" };
        var spec = new AnalysisSpec { HistoryLimit = 50, Count = 1000, InconclusiveLimit = 1000 };
        var run = AnalysisEvaluator.Start(new AnalysisTarget("ns", "iris", "iris", "2.0.0", "1.0.0", "canary step 3", "5f0c2d9e1a", "0b7d3c1e22"), names, Start, Start);

        for (var round = 0; round < 60; round++)
        {
            run = AnalysisEvaluator.Fold(run, spec, [.. names.Select(n => Measure(n, round, queryLength: 300, messageLength: 80))]);
        }

        run.Checks.ShouldAllBe(c => c.Measurements.Count == 50);
    }

    [Fact]
    public void The_budget_cuts_every_check_to_the_same_newest_count()
    {
        AnalysisMeasurement M(int i) => new() { Time = Start.AddSeconds(i), Query = new string('q', 1000), Message = "ok" };
        var checks = new[]
        {
            new AnalysisCheckStatus { Name = "a", Measurements = [.. Enumerable.Range(0, 10).Select(M)] },
            new AnalysisCheckStatus { Name = "b", Measurements = [.. Enumerable.Range(0, 3).Select(M)] },
        };

        var fitted = AnalysisStatusBudget.Fit(checks, maxBytes: 6 * 1200);

        fitted[0].Measurements.Select(m => m.Time.Second).ShouldBe([7, 8, 9]);
        fitted[1].Measurements.Count.ShouldBe(3);
        AnalysisStatusBudget.Fit(checks, maxBytes: 1_000_000).ShouldBeSameAs(checks);
    }

    private static CheckMeasurement Measure(string name, int round, int queryLength = 4096, int messageLength = 512, string queryPattern = "sum(rate(x[1m]))+")
    {
        var query = string.Concat(Enumerable.Repeat(queryPattern, queryLength / queryPattern.Length + 1))[..queryLength];
        var verdict = round % 2 == 0 ? MeasurementVerdict.Successful : MeasurementVerdict.Inconclusive;
        return new CheckMeasurement(name, CheckKind.Custom, new AnalysisMeasurement
        {
            Time = Start.AddMinutes(round),
            Value = 0.123456789012345 * round,
            Count = 123456.789012345 * round,
            Verdict = verdict,
            Query = query,
            Message = new string('w', messageLength),
        });
    }

    private static ModelDeploymentStatus LargestStatus(AnalysisRunStatus run)
    {
        var text = new string('x', 1024);
        return new ModelDeploymentStatus
        {
            ObservedGeneration = 12, Phase = RolloutPhase.Progressing, Message = text, StableVersion = new string('v', 63),
            StableRevision = "9070bfa8c4", CanaryVersion = new string('w', 63), CanaryRevision = "fc47864a8f", CanaryWeight = 50,
            CurrentStepIndex = 63, StepStartedAt = Start, AbortMessage = text, AbortReason = "AnalysisFailed",
            Analysis = run,
            Conditions = [.. Enumerable.Range(0, 8).Select(i => new V1Condition { LastTransitionTime = Start.UtcDateTime.AddSeconds(i), Message = text, Reason = "SomeReason", Status = "True", Type = $"Type{i}", ObservedGeneration = 12 })],
            History = [.. Enumerable.Range(0, ModelDeploymentStatus.HistoryLimit).Select(i => new HistoryEntry { Version = new string('v', 63), Revision = "9070bfa8c4", Result = "RolledBack", Time = Start, Message = text })],
        };
    }
}
