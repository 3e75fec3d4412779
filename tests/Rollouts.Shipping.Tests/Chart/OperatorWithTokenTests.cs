using Rollouts.Api;
using Rollouts.Api.Model;
using Rollouts.Api.Strategy;
using Rollouts.Kube;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Chart;

/// <summary>
/// The real operator host, started with the install manifest's ServiceAccount token (and nothing more), gets
/// through a reconcile: it takes its Lease, creates the serving Deployment and writes status, with no 403 from the API.
/// </summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class OperatorWithTokenTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    [Fact]
    public async Task Operator_reconciles_with_only_the_install_manifest_rbac()
    {
        var ns = await cp.CreateNamespaceAsync("op");
        await using var process = await OperatorProcess.StartAsync(cp, ns);
        var port = process.MetricsPort;
        using var admin = cp.CreateAdminClient();
        var created = await admin.CreateAsync(new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = "iris", NamespaceProperty = ns },
            Spec = new ModelDeploymentSpec
            {
                Model = new ModelSpec { Name = "iris", Version = "v1", Uri = "file:///models/iris-v1.onnx" },
                Strategy = new StrategySpec { Canary = new CanaryStrategy { Steps = [new CanaryStep { SetWeight = 50 }] } },
            },
        }, CancellationToken.None);

        // Generous: the operator starts, syncs its informers, takes the Lease and reconciles on a loaded 2-core machine.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        ModelDeployment? seen = null;
        List<V1Deployment> deployments = [];
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            seen = await admin.GetAsync<ModelDeployment>(ns, "iris", CancellationToken.None);
            deployments = [.. (await admin.ListAsync<V1Deployment>(ns, null, CancellationToken.None)).Items];
            if (seen?.Status?.ObservedGeneration == created.Metadata.Generation && deployments.Count > 0)
            {
                break;
            }

            await Task.Delay(250);
        }

        process.HasExited.ShouldBeFalse($"the operator exited ({process.ExitCode}):\n{process.Log}");
        seen?.Status?.ObservedGeneration.ShouldBe(created.Metadata.Generation, $"no status from the operator:\n{process.Log}");
        deployments.ShouldNotBeEmpty($"no serving Deployment:\n{process.Log}");
        deployments[0].Metadata.OwnerReferences!.ShouldContain(o => o.Uid == created.Metadata.Uid);

        var lease = await admin.GetAsync<V1Lease>(OperatorProcess.OperatorNamespace, "model-rollouts-operator", CancellationToken.None);
        lease.ShouldNotBeNull("leader election uses a Lease in the operator namespace");
        lease.Spec.HolderIdentity.ShouldNotBeNullOrEmpty();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        (await http.GetStringAsync("/readyz")).ShouldBe("ok");
        var metrics = await http.GetStringAsync("/metrics");
        metrics.ShouldNotContain("code=\"403\"", customMessage: $"the operator was refused something its RBAC should allow:\n{metrics}");
        var text = process.Log;
        text.ShouldNotContain("forbidden", Case.Insensitive, $"the operator was refused something its RBAC should allow:\n{text}");
    }
}
