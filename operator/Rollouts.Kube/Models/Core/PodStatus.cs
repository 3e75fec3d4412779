using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 PodStatus.</summary>
public sealed class PodStatus
{
    /// <summary>Pending, Running, Succeeded, Failed or Unknown.</summary>
    public string? Phase { get; set; }

    /// <summary>The pod's IP.</summary>
    [JsonPropertyName("podIP")]
    public string? PodIP { get; set; }

    /// <summary>The node's IP.</summary>
    [JsonPropertyName("hostIP")]
    public string? HostIP { get; set; }

    /// <summary>Pod conditions (PodScheduled, Initialized, ContainersReady, Ready).</summary>
    public List<PodCondition>? Conditions { get; set; }

    /// <summary>Per-container status.</summary>
    public List<ContainerStatus>? ContainerStatuses { get; set; }

    /// <summary>When the pod was acknowledged by the kubelet.</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Brief reason for the current phase.</summary>
    public string? Reason { get; set; }

    /// <summary>Human-readable detail.</summary>
    public string? Message { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
