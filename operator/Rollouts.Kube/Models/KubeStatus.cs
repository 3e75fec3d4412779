using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>The meta/v1 Status the API server returns with a failed request (and in watch ERROR events).</summary>
public sealed class KubeStatus
{
    /// <summary><c>Success</c> or <c>Failure</c>.</summary>
    public string? Status { get; set; }

    /// <summary>Human-readable description.</summary>
    public string? Message { get; set; }

    /// <summary>Machine-readable reason, e.g. <c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Invalid</c>, <c>Expired</c>.</summary>
    public string? Reason { get; set; }

    /// <summary>HTTP status code.</summary>
    public int Code { get; set; }

    /// <summary>Extended data: the object named, and per-field causes for <c>Invalid</c>.</summary>
    public StatusDetails? Details { get; set; }

    /// <summary>Fields this model does not name.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
