using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>A meta/v1 OwnerReference: identifies an owner object (same namespace, or cluster-scoped).</summary>
public sealed record OwnerReference
{
    /// <summary>API version of the owner, e.g. <c>ml.rollouts.dev/v1alpha1</c>.</summary>
    public string ApiVersion { get; set; } = "";

    /// <summary>Kind of the owner, e.g. <c>ModelDeployment</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Name of the owner.</summary>
    public string Name { get; set; } = "";

    /// <summary>UID of the owner.</summary>
    public string Uid { get; set; } = "";

    /// <summary>True when the owner is the managing controller (at most one per object).</summary>
    public bool? Controller { get; set; }

    /// <summary>True when foreground deletion of the owner must wait for this object.</summary>
    public bool? BlockOwnerDeletion { get; set; }

    /// <summary>Fields this model does not name.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
