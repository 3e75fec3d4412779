using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>apps/v1 Deployment.</summary>
public sealed class Deployment : KubeObject<DeploymentSpec, DeploymentStatus>, IKubeResource
{
    /// <inheritdoc />
    public static ResourceType Resource => ResourceType.Deployment;

    /// <summary>A deployment with apiVersion and kind set.</summary>
    public Deployment()
    {
        ApiVersion = "apps/v1";
        Kind = "Deployment";
    }
}
