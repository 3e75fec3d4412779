using k8s.Models;
using Rollouts.Api;
using Rollouts.Kube;

namespace Rollouts.LocalCluster.Traffic;

/// <summary>
/// The routing of a ModelDeployment read from the API server, as the cluster's data plane sees it: blue-green → the
/// active Service (label <c>ml.rollouts.dev/role=active</c>); Gateway API routing → the HTTPRoute named after the
/// ModelDeployment and its weighted backendRefs; replica-ratio routing → the root Service (named after the
/// ModelDeployment). Endpoints are the ready pods each Service selects (see <see cref="RoutingTableBuilder"/>).
/// </summary>
/// <param name="client">Kubernetes client.</param>
/// <param name="ns">Namespace.</param>
/// <param name="deploymentName">ModelDeployment name.</param>
/// <param name="port">Pod port requests go to.</param>
public sealed class KubeRoutingSource(IKubeClient client, string ns, string deploymentName, int port = 8080) : IRoutingSource
{
    /// <inheritdoc />
    public async Task<RoutingTable> ReadAsync(CancellationToken ct)
    {
        var mdep = await client.GetAsync<ModelDeployment>(ns, deploymentName, ct).ConfigureAwait(false);
        if (mdep?.Spec is null)
        {
            return RoutingTable.Empty;
        }

        var selector = $"{ModelDeploymentAnnotations.DeploymentLabel}={deploymentName}";
        List<V1Service> services = [.. (await client.ListAsync<V1Service>(ns, new ListOptions { LabelSelector = selector }, ct).ConfigureAwait(false)).Items];
        List<V1Pod> pods = [.. (await client.ListAsync<V1Pod>(ns, new ListOptions { LabelSelector = selector }, ct).ConfigureAwait(false)).Items];
        if (mdep.Spec.Strategy.BlueGreen is not null)
        {
            var active = services.FirstOrDefault(s => s.Metadata.Labels.ValueOrDefault(ModelDeploymentAnnotations.RoleLabel) == "active");
            return RoutingTableBuilder.Build(null, active?.Metadata.Name ?? $"{deploymentName}-active", services, pods, port);
        }

        if (mdep.Spec.TrafficRouting?.GatewayApi is { } gateway)
        {
            var route = await client.GetAsync<HttpRoute>(ns, gateway.HttpRoute ?? deploymentName, ct).ConfigureAwait(false);
            return route is null ? RoutingTable.Empty : RoutingTableBuilder.Build(route, deploymentName, services, pods, port);
        }

        return RoutingTableBuilder.Build(null, deploymentName, services, pods, port);
    }
}
