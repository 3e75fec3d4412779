using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>apps/v1 DeploymentSpec.</summary>
public sealed class DeploymentSpec
{
    /// <summary>Desired number of pods (server default 1).</summary>
    public int? Replicas { get; set; }

    /// <summary>Label selector of the pods (immutable after creation).</summary>
    public LabelSelector? Selector { get; set; }

    /// <summary>Pod template.</summary>
    public PodTemplateSpec? Template { get; set; }

    /// <summary>Replacement strategy.</summary>
    public DeploymentStrategy? Strategy { get; set; }

    /// <summary>Seconds a new pod must be ready before it counts as available.</summary>
    public int? MinReadySeconds { get; set; }

    /// <summary>Seconds before the Progressing condition reports ProgressDeadlineExceeded.</summary>
    public int? ProgressDeadlineSeconds { get; set; }

    /// <summary>Old ReplicaSets to keep.</summary>
    public int? RevisionHistoryLimit { get; set; }

    /// <summary>Paused deployments are not rolled.</summary>
    public bool? Paused { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
