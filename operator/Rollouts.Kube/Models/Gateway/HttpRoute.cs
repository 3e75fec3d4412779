using k8s;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary>
/// gateway.networking.k8s.io/v1 HTTPRoute, the fields weighted traffic splitting uses (KubernetesClient has no
/// Gateway API models). Read and written through the client's custom-object operations; fields not modelled here are
/// kept in the <c>Extra</c> members so a read-modify-apply of the rules keeps them.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
public sealed record HttpRoute : IKubernetesObject<V1ObjectMeta>, ISpec<HttpRouteSpec>, IStatus<HttpRouteStatus>
{
    /// <summary>API group.</summary>
    public const string KubeGroup = "gateway.networking.k8s.io";

    /// <summary>API version.</summary>
    public const string KubeApiVersion = "v1";

    /// <summary>Kind.</summary>
    public const string KubeKind = "HTTPRoute";

    /// <summary>Resource (plural) name.</summary>
    public const string KubePluralName = "httproutes";

    /// <summary><c>gateway.networking.k8s.io/v1</c>.</summary>
    public string ApiVersion { get; set; } = $"{KubeGroup}/{KubeApiVersion}";

    /// <summary><c>HTTPRoute</c>.</summary>
    public string Kind { get; set; } = KubeKind;

    /// <summary>Object metadata.</summary>
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Desired routing.</summary>
    public HttpRouteSpec Spec { get; set; } = new();

    /// <summary>Status written by the Gateway controller (kept raw); null when none was written.</summary>
    public HttpRouteStatus? Status { get; set; }

    /// <inheritdoc />
    HttpRouteStatus IStatus<HttpRouteStatus>.Status
    {
        get => Status!;
        set => Status = value;
    }
}
