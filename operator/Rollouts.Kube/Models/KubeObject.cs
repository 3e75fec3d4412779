using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>
/// Base of every typed Kubernetes object: apiVersion, kind and metadata; fields a subclass does not name are kept in
/// <see cref="Extra"/> so a read-modify-write never drops them. Serialized with <see cref="KubeJson.Options"/>
/// (camelCase, nulls omitted).
/// </summary>
public abstract class KubeObject
{
    /// <summary>API group/version, e.g. <c>apps/v1</c> (set by the typed constructors of subclasses).</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Kind, e.g. <c>Deployment</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>Object metadata; never null.</summary>
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Fields this model does not name, preserved for read-modify-write.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The namespace/name key of this object.</summary>
    [JsonIgnore]
    public ObjectKey Key => new(Metadata.Namespace, Metadata.Name ?? "");
}
