using Rollouts.Kube;

namespace Rollouts.Shipping.Tests.Chart;

/// <summary>A core/v1 Secret, only to ask the API server whether a token may read Secrets.</summary>
public sealed class SecretLike : KubeObject, IKubeResource
{
    /// <summary>core/v1 secrets.</summary>
    public static ResourceType Resource { get; } = new("", "v1", "secrets", "Secret", true);
}
