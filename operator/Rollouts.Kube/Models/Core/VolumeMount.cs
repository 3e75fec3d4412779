using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>core/v1 VolumeMount.</summary>
public sealed class VolumeMount
{
    /// <summary>Volume name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Mount path in the container.</summary>
    public string MountPath { get; set; } = "";

    /// <summary>Read-only mount.</summary>
    public bool? ReadOnly { get; set; }
}
