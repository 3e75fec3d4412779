using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 ServiceSpec.</summary>
public sealed class ServiceSpec
{
    /// <summary>ClusterIP, NodePort, LoadBalancer or ExternalName.</summary>
    public string? Type { get; set; }

    /// <summary>Pods selected by label.</summary>
    public Dictionary<string, string>? Selector { get; set; }

    /// <summary>Ports; every port must state <see cref="ServicePort.Protocol"/> for server-side apply on v1.20.</summary>
    public List<ServicePort>? Ports { get; set; }

    /// <summary>Assigned cluster IP (server-set; "None" for headless).</summary>
    [JsonPropertyName("clusterIP")]
    public string? ClusterIP { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
