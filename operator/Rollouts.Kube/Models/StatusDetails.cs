using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>meta/v1 StatusDetails.</summary>
public sealed class StatusDetails
{
    /// <summary>Name of the object the status is about.</summary>
    public string? Name { get; set; }

    /// <summary>API group of the object.</summary>
    public string? Group { get; set; }

    /// <summary>Kind (or resource) of the object.</summary>
    public string? Kind { get; set; }

    /// <summary>UID of the object.</summary>
    public string? Uid { get; set; }

    /// <summary>Individual causes (e.g. one per invalid field).</summary>
    public List<StatusCause>? Causes { get; set; }

    /// <summary>Suggested seconds before retrying.</summary>
    public int? RetryAfterSeconds { get; set; }
}
