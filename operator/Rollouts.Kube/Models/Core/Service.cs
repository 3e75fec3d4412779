using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>
/// core/v1 Service. v1.20 quirk: a server-side-applied Service must state <c>protocol</c> on every port
/// (ports are an associative list keyed by port and protocol; an element without protocol is refused with
/// "associative list with keys has an element that omits key field protocol").
/// </summary>
public sealed class Service : KubeObject<ServiceSpec, ServiceStatus>, IKubeResource
{
    /// <inheritdoc />
    public static ResourceType Resource => ResourceType.Service;

    /// <summary>A service with apiVersion and kind set.</summary>
    public Service()
    {
        ApiVersion = "v1";
        Kind = "Service";
    }
}
