using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>apps/v1 RollingUpdateDeployment.</summary>
public sealed class RollingUpdateDeployment
{
    /// <summary>Pods that may be unavailable during the update (number or percentage).</summary>
    public IntOrString? MaxUnavailable { get; set; }

    /// <summary>Pods that may be created above the desired count (number or percentage).</summary>
    public IntOrString? MaxSurge { get; set; }
}
