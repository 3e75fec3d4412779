using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 ServiceStatus (load-balancer state kept raw).</summary>
public sealed class ServiceStatus
{
    /// <summary>Unmodelled fields (loadBalancer, conditions).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
