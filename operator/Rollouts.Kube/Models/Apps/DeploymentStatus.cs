using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>apps/v1 DeploymentStatus.</summary>
public sealed class DeploymentStatus
{
    /// <summary>The generation observed by the deployment controller.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>Non-terminated pods targeted by the deployment.</summary>
    public int? Replicas { get; set; }

    /// <summary>Pods with the current template.</summary>
    public int? UpdatedReplicas { get; set; }

    /// <summary>Ready pods.</summary>
    public int? ReadyReplicas { get; set; }

    /// <summary>Available pods (ready for at least minReadySeconds).</summary>
    public int? AvailableReplicas { get; set; }

    /// <summary>Unavailable pods.</summary>
    public int? UnavailableReplicas { get; set; }

    /// <summary>Available and Progressing conditions.</summary>
    public List<DeploymentCondition>? Conditions { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
