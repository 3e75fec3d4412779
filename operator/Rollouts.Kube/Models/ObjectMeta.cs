using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>
/// Standard object metadata (meta/v1 ObjectMeta). <c>managedFields</c> is deliberately not modelled: it is kept
/// verbatim in <see cref="Extra"/> on read and never needs to be sent back.
/// </summary>
public sealed class ObjectMeta
{
    /// <summary>Object name, unique within its namespace (or cluster for cluster-scoped types).</summary>
    public string? Name { get; set; }

    /// <summary>Prefix the server completes with a random suffix when <see cref="Name"/> is empty on create.</summary>
    public string? GenerateName { get; set; }

    /// <summary>Namespace; null for cluster-scoped objects.</summary>
    public string? Namespace { get; set; }

    /// <summary>Server-assigned unique id.</summary>
    public string? Uid { get; set; }

    /// <summary>Opaque version used for optimistic concurrency and watch resumption.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>Sequence number of the desired state (spec); bumped by the server on spec changes.</summary>
    public long? Generation { get; set; }

    /// <summary>Labels (selectable key/value pairs).</summary>
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>Annotations (non-identifying key/value pairs).</summary>
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Owners of this object; the one with <c>controller: true</c> is the managing controller.</summary>
    public List<OwnerReference>? OwnerReferences { get; set; }

    /// <summary>Finalizers that must be removed before the object is deleted.</summary>
    public List<string>? Finalizers { get; set; }

    /// <summary>Set by the server when deletion was requested (RFC 3339, UTC).</summary>
    public DateTimeOffset? DeletionTimestamp { get; set; }

    /// <summary>Creation time (RFC 3339, UTC), set by the server.</summary>
    public DateTimeOffset? CreationTimestamp { get; set; }

    /// <summary>Fields this model does not name (e.g. managedFields), preserved for read-modify-write.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
