using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>apps/v1 DeploymentStrategy.</summary>
public sealed class DeploymentStrategy
{
    /// <summary>RollingUpdate or Recreate.</summary>
    public string? Type { get; set; }

    /// <summary>Rolling update parameters.</summary>
    public RollingUpdateDeployment? RollingUpdate { get; set; }
}
