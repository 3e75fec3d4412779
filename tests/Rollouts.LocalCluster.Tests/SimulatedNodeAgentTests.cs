using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Kube;
using Rollouts.LocalCluster.Agent;
using Rollouts.Testing;

namespace Rollouts.LocalCluster.Tests;

/// <summary>The KWOK-like mode against the real control plane (its kube-controller-manager creates the pods).</summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class SimulatedNodeAgentTests(ControlPlaneFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static V1Deployment Deployment(string ns, string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container { Name = "serve", Image = "example.invalid/never-pulled:1" },
                        new V1Container { Name = "sidecar", Image = "example.invalid/sidecar:1" },
                    ],
                },
            },
        },
    };

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for: {what}");
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_deployments_pods_become_ready_without_processes_and_the_deployment_counts_them_available()
    {
        var ct = CancellationToken.None;
        using var client = fixture.ControlPlane.CreateAdminClient();
        var ns = await fixture.ControlPlane.CreateNamespaceAsync("kwok");
        var node = $"simulated-{ns}";
        var agent = new SimulatedNodeAgent(client, new SimulatedPodsOptions { NodeName = node, Namespace = ns, Workers = 4 }, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => agent.RunAsync(stop.Token), ct);
        try
        {
            await client.CreateAsync(Deployment(ns, "many", replicas: 5), ct);
            var d = await EventuallyAsync(async () => await client.GetAsync<V1Deployment>(ns, "many", ct) is { Status.AvailableReplicas: 5 } x ? x : null, "5 available replicas");
            d.Status.ReadyReplicas.ShouldBe(5);

            var pods = (await client.ListAsync<V1Pod>(ns, new ListOptions { LabelSelector = "app=many" }, ct)).Items;
            pods.Count.ShouldBe(5);
            pods.ShouldAllBe(p => p.Spec!.NodeName == node && SimulatedNodeAgent.IsReady(p) && p.Status!.PodIP!.StartsWith("10.244.", StringComparison.Ordinal));
            pods.Select(p => p.Status!.PodIP).Distinct().Count().ShouldBe(5);
            pods.ShouldAllBe(p => p.Status!.ContainerStatuses.Count == 2 && p.Status.ContainerStatuses.All(c => c.Ready && c.State.Running != null));
            pods.ShouldAllBe(p => p.Status!.Conditions.Any(c => c.Type == "ContainersReady" && c.Status == "True"));
            agent.PodsMarkedReady.ShouldBe(5); // one status write per pod
            (await client.GetAsync<V1Node>(null, node, ct))!.Status.Conditions.ShouldContain(c => c.Type == "Ready" && c.Status == "True");

            // Scale down: the deleted pods are removed as a kubelet confirms a deletion; the rest stay Ready.
            await client.MergePatchAsync<V1Deployment>(ns, "many", new { spec = new { replicas = 2 } }, ct);
            await EventuallyAsync(async () => (await client.ListAsync<V1Pod>(ns, new ListOptions { LabelSelector = "app=many" }, ct)).Items.Count == 2 ? "" : null, "3 pods removed");
            await EventuallyAsync(async () => await client.GetAsync<V1Deployment>(ns, "many", ct) is { Status.AvailableReplicas: 2, Status.Replicas: 2 } x ? x : null, "2 available of 2");
            agent.PodsMarkedReady.ShouldBe(5);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }
}
