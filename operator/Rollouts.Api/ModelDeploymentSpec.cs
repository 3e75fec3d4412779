using System.Text.Json.Serialization;
using Rollouts.Api.Analysis;
using Rollouts.Api.Model;
using Rollouts.Api.Serving;
using Rollouts.Api.Strategy;
using Rollouts.Api.Traffic;

namespace Rollouts.Api;

/// <summary><c>spec</c> of a ModelDeployment (ml.rollouts.dev/v1alpha1).</summary>
public sealed record ModelDeploymentSpec
{
    /// <summary>The model; a change starts a rollout.</summary>
    [JsonPropertyName("model")] public ModelSpec Model { get; init; } = new();

    /// <summary>How the pods run.</summary>
    [JsonPropertyName("serving")] public ServingSpec Serving { get; init; } = new();

    /// <summary>Canary or blue-green.</summary>
    [JsonPropertyName("strategy")] public StrategySpec Strategy { get; init; } = new();

    /// <summary>Traffic routing; null: replica-ratio routing through one Service.</summary>
    [JsonPropertyName("trafficRouting")] public TrafficRoutingSpec? TrafficRouting { get; init; }

    /// <summary>Analysis used by canary analysis steps and blue-green pre/post-promotion analysis (seams §8).</summary>
    [JsonPropertyName("analysis")] public AnalysisSpec? Analysis { get; init; }

    /// <summary>Seconds a rollout may wait for the new revision to become available before it is rolled back (default 600).</summary>
    [JsonPropertyName("progressDeadlineSeconds")] public int? ProgressDeadlineSeconds { get; init; }

    /// <summary>Seconds an aborted canary keeps running (with no traffic) before it is scaled down (default 30).</summary>
    [JsonPropertyName("abortScaleDownDelaySeconds")] public int? AbortScaleDownDelaySeconds { get; init; }
}
