using k8s.Models;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Api.Strategy;
using Rollouts.Testing;

namespace Rollouts.Kubectl.Tests;

/// <summary>ModelDeployments for the dashboard tests: a canary with spec.analysis, and statuses as the operator writes them.</summary>
public static class DashboardState
{
    /// <summary>The errorRate measurements of <see cref="Progressing"/>, oldest first.</summary>
    public static readonly double[] ErrorRates = [0.004, 0.012, 0.031, 0.072];

    /// <summary>Creates <paramref name="name"/>: canary steps 20% / analysis / 50% / pause / 100%, analysis errorRate max 0.05, latency max 50 ms, minSamples 50.</summary>
    public static async Task<ModelDeployment> CreateAsync(ControlPlane cp, string ns, string name)
    {
        using var client = cp.CreateAdminClient();
        return await client.CreateAsync(new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new ModelDeploymentSpec
            {
                Model = new Rollouts.Api.Model.ModelSpec { Name = "iris", Version = "v2", Uri = "file:///models/iris-v2.onnx" },
                Strategy = new StrategySpec
                {
                    Canary = new CanaryStrategy
                    {
                        Steps = [new() { SetWeight = 20 }, new() { Analysis = new() }, new() { SetWeight = 50 }, new() { Pause = new() }, new() { SetWeight = 100 }],
                    },
                },
                Analysis = new AnalysisSpec
                {
                    Interval = "30s",
                    ErrorRate = new ErrorRateCheck { Max = 0.05 },
                    Latency = new LatencyCheck { Quantile = 0.99, MaxMilliseconds = 50 },
                },
            },
        }, CancellationToken.None);
    }

    /// <summary>Step 2 (the analysis) of the canary at 20%: samples, errorRate and latency measured four times, the last errorRate failed.</summary>
    public static ModelDeploymentStatus Progressing(long generation)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-2);
        AnalysisMeasurement M(int i, double? value, MeasurementVerdict verdict, string message) =>
            new() { Time = start.AddSeconds(30 * i), Value = value, Verdict = verdict, Query = "q", Message = message };
        return new ModelDeploymentStatus
        {
            ObservedGeneration = generation,
            Phase = RolloutPhase.Progressing,
            Message = "step 2/5: analysis running (round 4)",
            StableVersion = "v1",
            StableRevision = "5f6d7c1a2b",
            CanaryVersion = "v2",
            CanaryRevision = "8a9b0c3d4e",
            CanaryWeight = 20,
            CurrentStepIndex = 1,
            Conditions =
            [
                new V1Condition { Type = "Available", Status = "True", Reason = "StableAvailable", Message = "stable v1 available", LastTransitionTime = DateTime.UtcNow.AddMinutes(-30) },
                new V1Condition { Type = "Progressing", Status = "True", Reason = "RolloutProgressing", Message = "canary v2 at 20%", LastTransitionTime = DateTime.UtcNow.AddMinutes(-3) },
            ],
            Analysis = new AnalysisRunStatus
            {
                Phase = AnalysisPhase.Running,
                Purpose = "canary step 2",
                TargetVersion = "v2",
                StartedAt = start,
                NextMeasurementAt = start.AddMinutes(2),
                Rounds = 4,
                SuccessfulRounds = 3,
                FailedRounds = 1,
                Message = "round 4 failed: errorRate 0.072 > max 0.05",
                Checks =
                [
                    new AnalysisCheckStatus
                    {
                        Name = "samples", Successes = 4,
                        Measurements = [M(0, 120, MeasurementVerdict.Successful, "samples 120 >= minSamples 50"), M(1, 240, MeasurementVerdict.Successful, "samples 240 >= minSamples 50"), M(2, 310, MeasurementVerdict.Successful, "samples 310 >= minSamples 50"), M(3, 298, MeasurementVerdict.Successful, "samples 298 >= minSamples 50")],
                    },
                    new AnalysisCheckStatus
                    {
                        Name = "errorRate", Successes = 3, Failures = 1,
                        Measurements =
                        [
                            M(0, ErrorRates[0], MeasurementVerdict.Successful, "errorRate 0.004 <= max 0.05"),
                            M(1, ErrorRates[1], MeasurementVerdict.Successful, "errorRate 0.012 <= max 0.05"),
                            M(2, ErrorRates[2], MeasurementVerdict.Successful, "errorRate 0.031 <= max 0.05"),
                            M(3, ErrorRates[3], MeasurementVerdict.Failed, "errorRate 0.072 > max 0.05"),
                        ],
                    },
                    new AnalysisCheckStatus
                    {
                        Name = "latency", Successes = 3, Inconclusives = 1,
                        Measurements = [M(0, null, MeasurementVerdict.Inconclusive, "empty result: no data"), M(1, 38.2, MeasurementVerdict.Successful, "latency 38.2 <= max 50"), M(2, 41.9, MeasurementVerdict.Successful, "latency 41.9 <= max 50"), M(3, 44.5, MeasurementVerdict.Successful, "latency 44.5 <= max 50")],
                    },
                ],
            },
            History =
            [
                new HistoryEntry { Version = "v1", Revision = "5f6d7c1a2b", Result = "Completed", Time = DateTimeOffset.UtcNow.AddDays(-2), Message = "v1 serves all traffic" },
            ],
        };
    }

    /// <summary>Records an Event on <paramref name="md"/> as the operator does.</summary>
    public static async Task EventAsync(ControlPlane cp, ModelDeployment md, string name, string reason, string message, string type = "Normal")
    {
        using var client = cp.CreateAdminClient();
        await client.CreateAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = md.Metadata.NamespaceProperty },
            InvolvedObject = new V1ObjectReference { ApiVersion = ModelDeployment.GroupVersion, Kind = ModelDeployment.KindName, Name = md.Metadata.Name, NamespaceProperty = md.Metadata.NamespaceProperty, Uid = md.Metadata.Uid },
            Reason = reason,
            Message = message,
            Type = type,
            FirstTimestamp = DateTime.UtcNow,
            LastTimestamp = DateTime.UtcNow,
            Count = 1,
            Source = new V1EventSource { Component = "model-rollouts" },
        }, CancellationToken.None);
    }
}
