using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using k8s;
using k8s.Models;
using Rollouts.Kube;
using Rollouts.Testing;

namespace Rollouts.Kubectl.Tests;

/// <summary>Puts the CRD and ModelDeployments with operator-written status into the local control plane.</summary>
public static class ClusterState
{
    private static readonly SemaphoreSlim CrdGate = new(1, 1);
    private static bool crdInstalled;

    /// <summary>Applies crds/ once per process and waits until the API serves ModelDeployments.</summary>
    public static async Task InstallCrdAsync(ControlPlane cp)
    {
        await CrdGate.WaitAsync();
        try
        {
            if (crdInstalled)
            {
                return;
            }

            // Polls the API for Established: kubectl 1.20's wait fails at once (".status.conditions accessor error")
            // on a CRD just applied that has no conditions yet.
            await cp.InstallCrdAsync(RepositoryPaths.InRepo("crds/modeldeployments.ml.rollouts.dev.yaml"), "modeldeployments.ml.rollouts.dev", CancellationToken.None);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            using var client = cp.CreateAdminClient();
            while (true)
            {
                try
                {
                    await client.ListAsync<ModelDeployment>(null, null, CancellationToken.None);
                    break;
                }
                catch (KubeApiException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
            }

            crdInstalled = true;
        }
        finally
        {
            CrdGate.Release();
        }
    }

    /// <summary>Creates a canary ModelDeployment (5 steps) and returns it as stored.</summary>
    public static async Task<ModelDeployment> CreateAsync(ControlPlane cp, string ns, string name, string version = "v2")
    {
        using var client = cp.CreateAdminClient();
        return await client.CreateAsync(new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new ModelDeploymentSpec
            {
                Model = new Rollouts.Api.Model.ModelSpec { Name = "iris", Version = version, Uri = $"file:///models/iris-{version}.onnx" },
                Strategy = new Rollouts.Api.Strategy.StrategySpec
                {
                    Canary = new Rollouts.Api.Strategy.CanaryStrategy
                    {
                        Steps =
                        [
                            new() { SetWeight = 20 }, new() { Analysis = new() }, new() { SetWeight = 50 }, new() { Pause = new() }, new() { SetWeight = 100 },
                        ],
                    },
                },
            },
        }, CancellationToken.None);
    }

    /// <summary>Writes <paramref name="status"/> through the status subresource, as the operator would.</summary>
    public static async Task<ModelDeployment> SetStatusAsync(ControlPlane cp, ModelDeployment md, ModelDeploymentStatus status)
    {
        using var client = cp.CreateAdminClient();
        var current = await client.GetAsync<ModelDeployment>(md.Metadata.NamespaceProperty, md.Metadata.Name, CancellationToken.None);
        current!.Status = status;

        // A PUT of the status subresource (the whole status replaced), through the library's custom-object call.
        return await client.Api.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<ModelDeployment>(
            current, ModelDeployment.Group, ModelDeployment.Version, current.Metadata.NamespaceProperty, ModelDeployment.Plural, current.Metadata.Name, cancellationToken: CancellationToken.None);
    }

    /// <summary>A Progressing canary at step 2 (index 1) with a running analysis and measurements.</summary>
    public static ModelDeploymentStatus Progressing(long generation) => new()
    {
        ObservedGeneration = generation,
        Phase = RolloutPhase.Progressing,
        Message = "step 2/5: analysis running",
        StableVersion = "v1",
        StableRevision = "5f6d7c",
        CanaryVersion = "v2",
        CanaryRevision = "8a9b0c",
        CanaryWeight = 20,
        CurrentStepIndex = 1,
        Conditions =
        [
            new V1Condition { Type = "Available", Status = "True", Reason = "StableAvailable", Message = "stable v1 available", LastTransitionTime = DateTime.UtcNow },
            new V1Condition { Type = "Progressing", Status = "True", Reason = "RolloutProgressing", Message = "canary v2 at 20%", LastTransitionTime = DateTime.UtcNow },
        ],
        Analysis = new AnalysisRunStatus
        {
            Phase = AnalysisPhase.Running,
            Purpose = "canary step 2",
            TargetVersion = "v2",
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-2),
            Rounds = 2,
            SuccessfulRounds = 1,
            FailedRounds = 1,
            // Not empty: the locally built v1.20 API server refuses "" in custom resources ("must be of type string: null").
            Message = "round 2 failed: error-rate 0.3125 > 0.05",
            Checks =
            [
                new AnalysisCheckStatus
                {
                    Name = "error-rate",
                    Successes = 1,
                    Failures = 1,
                    Measurements =
                    [
                        new AnalysisMeasurement { Time = DateTimeOffset.UtcNow.AddMinutes(-1), Value = 0.0123, Verdict = MeasurementVerdict.Successful, Query = "q", Message = "within limits" },
                        new AnalysisMeasurement { Time = DateTimeOffset.UtcNow, Value = 0.3125, Verdict = MeasurementVerdict.Failed, Query = "q", Message = "0.3125 > 0.05" },
                    ],
                },
                new AnalysisCheckStatus
                {
                    Name = "latency-p99",
                    Successes = 2,
                    Measurements = [new AnalysisMeasurement { Time = DateTimeOffset.UtcNow, Value = 41.5, Verdict = MeasurementVerdict.Successful, Query = "q", Message = "within limits" }],
                },
            ],
        },
    };
}
