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

    [Theory]
    [InlineData("serving: {autoscaling: {minReplicas: 0, maxReplicas: 3}}", "should be greater than or equal to 1")]
    [InlineData("serving: {autoscaling: {minReplicas: 2}}", "missing required field \"maxReplicas\"")]
    [InlineData("serving: {autoscaling: {maxReplicas: 3, targetCPUUtilizationPercentage: 150}}", "should be less than or equal to 100")]
    [InlineData("serving: {s3: {endpoint: 'minio:9000'}}", "should match '^https?://'")]
    [InlineData("serving: {auth: {apiKeys: {key: k}}}", "missing required field \"secretName\"")]
    [InlineData("serving: {auth: {apiKeys: {secretName: Not_A_Secret}}}", "spec.serving.auth.apiKeys.secretName")]
    [InlineData("serving: {auth: {jwt: {issuer: i, signingKeys: {secretName: s}}}}", "missing required field \"audience\"")]
    [InlineData("serving: {grpc: 'yes'}", "ModelDeployment.spec.serving.grpc")]
    public async Task Bad_serving_settings_are_rejected_by_the_api_server_with_the_field_named(string serving, string expected)
    {
        var ns = await cluster.ControlPlane.CreateNamespaceAsync("badserving");
        var manifest = $"""
            apiVersion: ml.rollouts.dev/v1alpha1
            kind: ModelDeployment
            metadata: {"{"}name: bad{"}"}
            spec:
              model: {"{"}name: iris, version: "1", uri: "file:///m.onnx"{"}"}
              strategy: {"{"}blueGreen: {"{"}{"}"}{"}"}
              {serving}
            """;
        var (code, output) = await Kubectl.RunAsync(cluster.Kubeconfig, $"apply -n {ns} -f -", manifest);
        code.ShouldNotBe(0, output);
        output.ShouldContain(expected);
    }
}
