using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>gateway.networking.k8s.io/v1 HTTPRoute (the fields weighted traffic splitting uses).</summary>
public sealed class HttpRoute : KubeObject<HttpRouteSpec, HttpRouteStatus>, IKubeResource
{
    /// <inheritdoc />
    public static ResourceType Resource => ResourceType.HttpRoute;

    /// <summary>A route with apiVersion and kind set.</summary>
    public HttpRoute()
    {
        ApiVersion = "gateway.networking.k8s.io/v1";
        Kind = "HTTPRoute";
    }
}
