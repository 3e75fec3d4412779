using k8s.Models;
using Rollouts.Api;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// Renders the ClusterIP Services of a ModelDeployment (pure). Port 80 → the pods' <c>http</c> port; every port
/// states its protocol (server-side apply of a Service in v1.20 refuses a port without it).
/// </summary>
public static class ServiceRenderer
{
    /// <summary>The Services' port.</summary>
    public const int Port = 80;

    /// <summary>The gRPC Service port (h2c), present when <c>spec.serving.grpc</c> is true.</summary>
    public const int GrpcPort = 9000;

    /// <summary>A Service named <paramref name="serviceName"/> selecting the pods of <paramref name="revision"/> (null: every revision of the ModelDeployment).</summary>
    public static V1Service Render(ModelDeployment owner, string serviceName, string role, string? revision)
    {
        var name = owner.Metadata.Name ?? throw new ArgumentException("the ModelDeployment has no name", nameof(owner));
        var selector = revision is null ? PodLabels.ForDeployment(name) : PodLabels.ForRevision(name, revision);
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta
            {
                Name = serviceName,
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/name"] = owner.Spec?.Model.Name ?? name,
                    ["app.kubernetes.io/managed-by"] = PodLabels.ManagedBy,
                    [ModelDeploymentAnnotations.DeploymentLabel] = name,
                    [ModelDeploymentAnnotations.RoleLabel] = role,
                },
                OwnerReferences = [Ownership.ControllerRef(owner)],
            },
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = selector,
                Ports = Ports(owner),
            },
        };
    }

    /// <summary>The Service ports of <paramref name="owner"/>: http, and grpc with <c>appProtocol: kubernetes.io/h2c</c> when enabled.</summary>
    public static List<V1ServicePort> Ports(ModelDeployment owner)
    {
        var ports = new List<V1ServicePort> { new() { Name = "http", Protocol = "TCP", Port = Port, TargetPort = "http" } };
        if (owner.Spec?.Serving?.Grpc == true)
        {
            ports.Add(new V1ServicePort { Name = "grpc", Protocol = "TCP", Port = GrpcPort, TargetPort = "grpc", AppProtocol = "kubernetes.io/h2c" });
        }

        return ports;
    }
}
