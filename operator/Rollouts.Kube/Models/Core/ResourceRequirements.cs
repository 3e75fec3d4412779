using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 ResourceRequirements: quantities as strings (e.g. <c>500m</c>, <c>256Mi</c>).</summary>
public sealed class ResourceRequirements
{
    /// <summary>Requested resources.</summary>
    public Dictionary<string, string>? Requests { get; set; }

    /// <summary>Resource limits.</summary>
    public Dictionary<string, string>? Limits { get; set; }
}
