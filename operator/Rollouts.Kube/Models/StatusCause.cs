using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>meta/v1 StatusCause: one reason a request failed.</summary>
public sealed class StatusCause
{
    /// <summary>Machine-readable cause, e.g. <c>FieldValueRequired</c>, <c>FieldManagerConflict</c>.</summary>
    public string? Reason { get; set; }

    /// <summary>Human-readable description.</summary>
    public string? Message { get; set; }

    /// <summary>The field path, e.g. <c>spec.replicas</c>.</summary>
    public string? Field { get; set; }
}
