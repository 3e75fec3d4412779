using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>
/// core/v1 Pod. v1.20 quirk: a pod may report a loopback <c>status.podIP</c> (the local control plane has no kubelet
/// and tests write pod status directly), but Endpoints/EndpointSlices refuse loopback addresses.
/// </summary>
public sealed class Pod : KubeObject<PodSpec, PodStatus>, IKubeResource
{
    /// <inheritdoc />
    public static ResourceType Resource => ResourceType.Pod;

    /// <summary>A pod with apiVersion and kind set.</summary>
    public Pod()
    {
        ApiVersion = "v1";
        Kind = "Pod";
    }
}
