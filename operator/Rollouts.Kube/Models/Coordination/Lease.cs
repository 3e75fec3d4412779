namespace Rollouts.Kube;

/// <summary>coordination.k8s.io/v1 Lease: the lock of leader election.</summary>
public sealed class Lease : KubeObject, IKubeResource
{
    /// <inheritdoc />
    public static ResourceType Resource => ResourceType.Lease;

    /// <summary>A lease with apiVersion and kind set.</summary>
    public Lease()
    {
        ApiVersion = "coordination.k8s.io/v1";
        Kind = "Lease";
    }

    /// <summary>The lease record.</summary>
    public LeaseSpec Spec { get; set; } = new();
}
