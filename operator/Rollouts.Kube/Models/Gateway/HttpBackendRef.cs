using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>HTTPBackendRef: a Service with a relative weight.</summary>
public sealed record HttpBackendRef
{
    /// <summary>Group of the backend (empty for core).</summary>
    public string? Group { get; set; }

    /// <summary>Kind of the backend (default Service).</summary>
    public string? Kind { get; set; }

    /// <summary>Backend name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Backend namespace (default: the route's).</summary>
    public string? Namespace { get; set; }

    /// <summary>Backend port.</summary>
    public int? Port { get; set; }

    /// <summary>Relative weight, 0 to 1,000,000 (default 1).</summary>
    public int? Weight { get; set; }

    /// <summary>Fields not modelled here (filters), kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
