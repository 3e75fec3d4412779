using Rollouts.Kube;
using Rollouts.Operator.Tests.Workloads;
using Rollouts.Operator.Workloads;

namespace Rollouts.Operator.Tests.Integration;

/// <summary>The real API server accepts what the renderers make of gRPC, auth, S3 and pvc:// (server-side apply, as the operator applies).</summary>
[Collection(RolloutCluster.Collection)]
public sealed class SecureServingManifestTests(RolloutCluster cluster)
{
    [Fact]
    public async Task The_rendered_deployment_and_service_with_grpc_auth_s3_and_pvc_are_accepted_as_rendered()
    {
        var ns = await cluster.ControlPlane.CreateNamespaceAsync("secure");
        using var client = cluster.ControlPlane.CreateAdminClient();
        var owner = await client.CreateAsync(new global::Rollouts.Api.ModelDeployment
        {
            ApiVersion = "ml.rollouts.dev/v1alpha1",
            Kind = "ModelDeployment",
            Metadata = new V1ObjectMeta { Name = "iris", NamespaceProperty = ns },
            Spec = SecureServingRenderingTests.Secured(),
        }, CancellationToken.None);

        var deployment = DeploymentRenderer.Render(owner, "abc", 2, "img:1");
        await client.ApplyAsync(deployment, CancellationToken.None);
        await client.ApplyAsync(ServiceRenderer.Render(owner, "iris-stable", "stable", "abc"), CancellationToken.None);

        var stored = (await client.GetAsync<V1Deployment>(ns, "iris-abc", CancellationToken.None))!;
        var pod = stored.Spec.Template.Spec;
        pod.Volumes.Single(v => v.Name == "auth-api-keys").Secret.DefaultMode.ShouldBe(288);
        pod.Volumes.Single(v => v.Name == "model-pvc-0").PersistentVolumeClaim.ReadOnlyProperty.ShouldBe(true);
        var c = pod.Containers.Single();
        c.Args.ShouldBe(deployment.Spec.Template.Spec.Containers.Single().Args);
        c.Env.Single(e => e.Name == "AWS_SECRET_ACCESS_KEY").ValueFrom.SecretKeyRef.Name.ShouldBe("s3-creds");
        c.VolumeMounts.Where(m => m.Name != "tmp").ShouldAllBe(m => m.ReadOnlyProperty == true);

        var svc = (await client.GetAsync<V1Service>(ns, "iris-stable", CancellationToken.None))!;
        svc.Spec.Ports.Single(p => p.Name == "grpc").AppProtocol.ShouldBe("kubernetes.io/h2c");
    }
}
