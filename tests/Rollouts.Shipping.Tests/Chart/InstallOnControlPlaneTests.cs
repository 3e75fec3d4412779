using Rollouts.Api;
using Rollouts.Kube;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Chart;

/// <summary>
/// charts/install.yaml applies to a real API server (v1.20), and the operator's ServiceAccount token gets exactly
/// the RBAC the chart means: ModelDeployments and its workloads yes, Secrets and Pods no, Leases only at home.
/// </summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class InstallOnControlPlaneTests(ControlPlaneFixture fixture) : IAsyncLifetime
{
    private const string OperatorNamespace = "model-rollouts";
    private readonly ControlPlane cp = fixture.ControlPlane;
    private string token = "";

    public async Task InitializeAsync()
    {
        var apply = await Kubectl.RunAsync(cp, null, "apply", "-f", RepositoryPaths.InRepo("charts/install.yaml"));
        apply.ExitCode.ShouldBe(0, apply.StandardError);
        await cp.WaitForCrdEstablishedAsync("modeldeployments.ml.rollouts.dev", CancellationToken.None);
        token = await cp.ServiceAccountTokenAsync(OperatorNamespace, "model-rollouts", TimeSpan.FromMinutes(10), CancellationToken.None);
        token.ShouldNotBeEmpty();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // The operator service account's token and nothing else (the CA only to trust the server).
    private KubeClient OperatorClient() => KubeClient.Create(new KubernetesClientConfiguration
    {
        Host = cp.ApiServerUrl.AbsoluteUri,
        AccessToken = token,
        SslCaCerts = cp.AdminConfiguration.SslCaCerts,
        Namespace = OperatorNamespace,
    }, new KubeClientOptions { FieldManager = "model-rollouts", MaxRetries = 0 });

    [Fact]
    public async Task Apply_is_idempotent()
    {
        var again = await Kubectl.RunAsync(cp, null, "apply", "-f", RepositoryPaths.InRepo("charts/install.yaml"));
        again.ExitCode.ShouldBe(0, again.StandardError);
        again.StandardOutput.ShouldContain("deployment.apps/model-rollouts unchanged");
    }

    [Fact]
    public async Task Chart_render_applies_to_the_api_server()
    {
        var (text, _) = await HelmTemplate.RenderAsync(release: "shipcheck", ns: "shipcheck");
        (await Kubectl.RunAsync(cp, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shipcheck\n", "apply", "-f", "-")).ExitCode.ShouldBe(0);
        var r = await Kubectl.RunAsync(cp, text, "apply", "--dry-run=server", "-f", "-");
        r.ExitCode.ShouldBe(0, r.StandardError);
        r.StandardOutput.ShouldContain("deployment.apps/shipcheck-model-rollouts created (server dry run)");
        r.StandardOutput.ShouldContain("clusterrole.rbac.authorization.k8s.io/shipcheck-model-rollouts created (server dry run)");
    }

    [Fact]
    public async Task Operator_token_is_refused_on_secrets()
    {
        using var client = OperatorClient();
        var error = await Should.ThrowAsync<KubeApiException>(() => client.ListAsync<V1Secret>(OperatorNamespace, null, CancellationToken.None));
        error.Code.ShouldBe(403);
        error.Reason.ShouldBe(StatusReason.Forbidden);
        (await Should.ThrowAsync<KubeApiException>(() => client.ListAsync<V1Secret>(null, null, CancellationToken.None))).Code.ShouldBe(403);
    }

    [Fact]
    public async Task Operator_token_is_refused_on_pods()
    {
        using var client = OperatorClient();
        (await Should.ThrowAsync<KubeApiException>(() => client.ListAsync<V1Pod>(null, null, CancellationToken.None))).Code.ShouldBe(403);
    }

    [Fact]
    public async Task Operator_token_lists_modeldeployments_and_its_workloads_in_every_namespace()
    {
        using var client = OperatorClient();
        (await client.ListAsync<ModelDeployment>(null, null, CancellationToken.None)).ShouldNotBeNull();
        (await client.ListAsync<V1Deployment>(null, null, CancellationToken.None)).ShouldNotBeNull();
        (await client.ListAsync<V1Service>(null, null, CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Operator_token_writes_status_but_cannot_create_modeldeployments()
    {
        var ns = await cp.CreateNamespaceAsync("ship");
        var manifest = """
            {"apiVersion":"ml.rollouts.dev/v1alpha1","kind":"ModelDeployment","metadata":{"name":"iris","namespace":"NS"},
             "spec":{"model":{"name":"iris","version":"v1","uri":"file:///models/iris-v1.onnx"},"strategy":{"canary":{"steps":[{"setWeight":50}]}}}}
            """.Replace("NS", ns, StringComparison.Ordinal);
        var created = await Kubectl.RunAsync(cp, manifest, "apply", "-f", "-");
        created.ExitCode.ShouldBe(0, created.StandardError);

        using var client = OperatorClient();
        var patched = await client.MergePatchStatusAsync<ModelDeployment>(ns, "iris", new { status = new { phase = "Progressing", message = "from the operator's token" } }, CancellationToken.None);
        patched.Status!.Message.ShouldBe("from the operator's token");

        var mine = patched.Clone();
        mine.Metadata = new V1ObjectMeta { Name = "other", NamespaceProperty = ns };
        mine.Status = null;
        (await Should.ThrowAsync<KubeApiException>(() => client.CreateAsync(mine, CancellationToken.None))).Code.ShouldBe(403);
    }

    [Fact]
    public async Task Argo_cd_sample_modeldeployment_is_valid_against_the_crd()
    {
        // The sample names its namespace (models), as manifests delivered by Argo CD usually do.
        var ns = await Kubectl.RunAsync(cp, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: models\n", "apply", "-f", "-");
        ns.ExitCode.ShouldBe(0, ns.StandardError);

        var r = await Kubectl.RunAsync(cp, null, "apply", "--dry-run=server", "-f", RepositoryPaths.InRepo("samples/argocd/iris/modeldeployment.yaml"));

        r.ExitCode.ShouldBe(0, r.StandardError);
        r.StandardOutput.ShouldContain("modeldeployment.ml.rollouts.dev/iris created (server dry run)");
    }

    [Fact]
    public async Task Operator_token_holds_a_lease_only_in_its_own_namespace()
    {
        using var client = OperatorClient();
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = $"probe-{Guid.NewGuid():N}"[..20], NamespaceProperty = OperatorNamespace }, Spec = new V1LeaseSpec { HolderIdentity = "test" } };
        var created = await client.CreateAsync(lease, CancellationToken.None);
        created.Spec.HolderIdentity.ShouldBe("test");

        var elsewhere = new V1Lease { Metadata = new V1ObjectMeta { Name = "probe", NamespaceProperty = "default" }, Spec = new V1LeaseSpec { HolderIdentity = "test" } };
        (await Should.ThrowAsync<KubeApiException>(() => client.CreateAsync(elsewhere, CancellationToken.None))).Code.ShouldBe(403);
    }
}
