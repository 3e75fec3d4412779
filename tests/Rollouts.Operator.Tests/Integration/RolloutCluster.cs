using Rollouts.Kube;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>The shared control plane with the ModelDeployment CRD and a test HTTPRoute CRD installed (once per run).</summary>
public sealed class RolloutCluster : IAsyncLifetime
{
    public const string Collection = "rollout cluster";

    public ControlPlane ControlPlane { get; private set; } = null!;

    public string Kubeconfig => ControlPlane.KubeconfigPath;

    public async Task InitializeAsync()
    {
        ControlPlane = ControlPlane.Acquire();
        await Kubectl.OkAsync(Kubeconfig, $"apply -f {RepositoryPaths.InRepo("crds/modeldeployments.ml.rollouts.dev.yaml")}");
        await Kubectl.OkAsync(Kubeconfig, $"apply -f {Path.Combine(AppContext.BaseDirectory, "Fixtures", "httproutes.gateway.networking.k8s.io.yaml")}");
        await Kubectl.OkAsync(Kubeconfig, "wait --for condition=established --timeout=60s crd/modeldeployments.ml.rollouts.dev crd/httproutes.gateway.networking.k8s.io");

        // Discovery of the new resources can lag behind "established": wait until a list succeeds.
        using var client = ControlPlane.CreateAdminClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await client.ListAsync<global::Rollouts.Api.ModelDeployment>("default", null, CancellationToken.None);
                await client.ListAsync<HttpRoute>("default", null, CancellationToken.None);
                break;
            }
            catch (KubeApiException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    public Task DisposeAsync()
    {
        ControlPlane.Release();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(RolloutCluster.Collection)]
public sealed class RolloutClusterCollection : ICollectionFixture<RolloutCluster>;
