using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 ObjectReference.</summary>
public sealed class ObjectReference
{
    /// <summary>API version of the referent.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Kind of the referent.</summary>
    public string? Kind { get; set; }

    /// <summary>Namespace of the referent.</summary>
    public string? Namespace { get; set; }

    /// <summary>Name of the referent.</summary>
    public string? Name { get; set; }

    /// <summary>UID of the referent.</summary>
    public string? Uid { get; set; }

    /// <summary>resourceVersion of the referent the event is about.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>Unmodelled fields (fieldPath).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
