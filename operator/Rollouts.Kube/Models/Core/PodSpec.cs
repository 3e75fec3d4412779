using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 PodSpec (the fields the operator uses; the rest is preserved in <see cref="Extra"/>).</summary>
public sealed class PodSpec
{
    /// <summary>The containers of the pod.</summary>
    public List<Container> Containers { get; set; } = [];

    /// <summary>Volumes that containers may mount.</summary>
    public List<Volume>? Volumes { get; set; }

    /// <summary>The node the pod is bound to.</summary>
    public string? NodeName { get; set; }

    /// <summary>Service account the pod runs as.</summary>
    public string? ServiceAccountName { get; set; }

    /// <summary>Grace period for termination, in seconds.</summary>
    public long? TerminationGracePeriodSeconds { get; set; }

    /// <summary>Node selector labels.</summary>
    public Dictionary<string, string>? NodeSelector { get; set; }

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
