using System.Text.Json.Nodes;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

[Collection(ControlPlaneFixture.Collection)]
public sealed class KubeClientTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    private static Deployment NewDeployment(string ns, string name, int replicas = 1) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new() { ["app"] = name } },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = name } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = name } },
                Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "example.invalid/model:1" }] },
            },
        },
    };

    [Fact]
    public async Task Create_get_merge_patch_replace_and_delete_a_deployment()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("crud", ct);
        using var client = cp.CreateAdminClient();

        var created = await client.CreateAsync(NewDeployment(ns, "web", 2), ct);
        created.Metadata.Uid.ShouldNotBeNullOrEmpty();
        created.Metadata.Generation.ShouldBe(1);
        created.Spec!.Replicas.ShouldBe(2);

        var read = await client.GetAsync<Deployment>(ns, "web", ct);
        read.ShouldNotBeNull();
        read.Metadata.Uid.ShouldBe(created.Metadata.Uid);
        read.Spec!.Template!.Spec!.Containers.Single().Image.ShouldBe("example.invalid/model:1");

        var patched = await client.MergePatchAsync<Deployment>(ns, "web", new { spec = new { replicas = 3 } }, ct);
        patched.Spec!.Replicas.ShouldBe(3);
        patched.Metadata.Generation.ShouldBe(2);

        // The deployment controller writes status meanwhile: read-modify-write retried on Conflict.
        var replaced = (await client.UpdateAsync<Deployment>(ns, "web", d => d.Metadata.Annotations = new() { ["note"] = "replaced" }, ct))!;
        replaced.Metadata.Annotations!["note"].ShouldBe("replaced");

        (await client.DeleteAsync<Deployment>(ns, "web", new DeleteOptions { PropagationPolicy = PropagationPolicy.Background }, ct)).ShouldBeTrue();
        await Eventually.TrueAsync(async () => await client.GetAsync<Deployment>(ns, "web", ct) is null, "deployment deleted");
        (await client.DeleteAsync<Deployment>(ns, "web", null, ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task Unknown_fields_survive_a_read_modify_write()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("extra", ct);
        using var client = cp.CreateAdminClient();
        var svc = new Service
        {
            Metadata = new ObjectMeta { Name = "keep", Namespace = ns },
            Spec = new ServiceSpec
            {
                Ports = [new ServicePort { Port = 80 }],
                Extra = new() { ["publishNotReadyAddresses"] = System.Text.Json.JsonSerializer.SerializeToElement(true) },
            },
        };
        await client.CreateAsync(svc, ct);

        var read = (await client.GetAsync<Service>(ns, "keep", ct))!;
        read.Spec!.Extra!.ShouldContainKey("publishNotReadyAddresses");
        read.Spec.Extra!.ShouldContainKey("sessionAffinity"); // server default, not modelled
        read.Metadata.Labels = new() { ["touched"] = "yes" };
        var written = await client.ReplaceAsync(read, ct);

        written.Spec!.Extra!["publishNotReadyAddresses"].GetBoolean().ShouldBeTrue();
        written.Metadata.Labels!["touched"].ShouldBe("yes");
    }

    [Fact]
    public async Task Status_reasons_are_distinguishable_without_string_matching()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("reasons", ct);
        using var client = cp.CreateAdminClient();
        var first = await client.CreateAsync(NewDeployment(ns, "r"), ct);

        var exists = await Should.ThrowAsync<KubeApiException>(() => client.CreateAsync(NewDeployment(ns, "r"), ct));
        exists.Reason.ShouldBe(StatusReason.AlreadyExists);
        exists.Code.ShouldBe(409);

        await client.MergePatchAsync<Deployment>(ns, "r", new { metadata = new { labels = new { bump = "1" } } }, ct);
        var conflict = await Should.ThrowAsync<KubeApiException>(() => client.ReplaceAsync(first, ct)); // stale resourceVersion
        conflict.Reason.ShouldBe(StatusReason.Conflict);

        var invalid = NewDeployment(ns, "bad");
        invalid.Spec!.Selector!.MatchLabels = new() { ["app"] = "other" }; // selector does not match template labels
        var inv = await Should.ThrowAsync<KubeApiException>(() => client.CreateAsync(invalid, ct));
        inv.Reason.ShouldBe(StatusReason.Invalid);
        inv.Code.ShouldBe(422);
        inv.Status.Details!.Causes!.ShouldContain(c => c.Field != null && c.Field.StartsWith("spec.", StringComparison.Ordinal));

        var notFound = await Should.ThrowAsync<KubeApiException>(() => client.MergePatchAsync<Deployment>(ns, "missing", new { spec = new { replicas = 1 } }, ct));
        notFound.Reason.ShouldBe(StatusReason.NotFound);
        (await client.GetAsync<Deployment>(ns, "missing", ct)).ShouldBeNull();
    }

    [Fact]
    public async Task List_pages_through_with_limit_and_continue_and_filters_by_label()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("page", ct);
        using var client = cp.CreateAdminClient();
        for (var i = 0; i < 7; i++)
        {
            await client.CreateAsync(new Lease
            {
                Metadata = new ObjectMeta { Name = $"l{i}", Namespace = ns, Labels = new() { ["parity"] = i % 2 == 0 ? "even" : "odd" } },
                Spec = new LeaseSpec { HolderIdentity = $"h{i}" },
            }, ct);
        }

        (await client.ListAllAsync<Lease>(ns, null, ct, pageSize: 2)).Count.ShouldBe(7);
        var names = new List<string>();
        string? cont = null;
        var pages = 0;
        do
        {
            var page = await client.ListAsync<Lease>(ns, new ListOptions { Limit = 3, Continue = cont }, ct);
            page.Items.Count.ShouldBeLessThanOrEqualTo(3);
            names.AddRange(page.Items.Select(l => l.Metadata.Name!));
            cont = page.Metadata.Continue;
            pages++;
        }
        while (!string.IsNullOrEmpty(cont));

        pages.ShouldBe(3);
        names.Order().ShouldBe(Enumerable.Range(0, 7).Select(i => $"l{i}"));

        var odd = await client.ListAsync<Lease>(ns, new ListOptions { LabelSelector = "parity=odd" }, ct);
        odd.Items.Select(l => l.Metadata.Name).Order().ShouldBe(["l1", "l3", "l5"]);
    }

    [Fact]
    public async Task Client_certificate_authentication_works_against_the_real_server()
    {
        var ct = Timeouts.Ct();
        var config = KubeConfigLoader.LoadFile(cp.KubeconfigCertPath);
        config.Token.ShouldBeNull();
        config.ClientCertificate.ShouldNotBeNull();
        using var client = new KubeClient(config);
        var ns = await cp.CreateNamespaceAsync("cert", ct);
        var lease = await client.CreateAsync(new Lease { Metadata = new ObjectMeta { Name = "by-cert", Namespace = ns } }, ct);
        lease.Metadata.Uid.ShouldNotBeNull();

        // The same server without the certificate is refused: the certificate is what authenticated the request.
        using var anonymous = new KubeClient(new KubeClientConfiguration { Server = config.Server, CertificateAuthorities = config.CertificateAuthorities }, new KubeClientOptions { MaxRetries = 0 });
        (await Should.ThrowAsync<KubeApiException>(() => anonymous.GetAsync<Lease>(ns, "by-cert", ct))).Reason
            .ShouldBeOneOf(StatusReason.Forbidden, StatusReason.Unauthorized);
    }

    [Fact]
    public async Task A_client_without_credentials_is_refused_with_a_typed_reason()
    {
        var ct = Timeouts.Ct();
        var anonymous = new KubeClientConfiguration { Server = cp.ApiServerUrl, CertificateAuthorities = cp.AdminConfiguration.CertificateAuthorities };
        using var client = new KubeClient(anonymous, new KubeClientOptions { MaxRetries = 0 });
        var e = await Should.ThrowAsync<KubeApiException>(() => client.ListAsync<Namespace>(null, null, ct));
        e.Reason.ShouldBeOneOf(StatusReason.Forbidden, StatusReason.Unauthorized);
    }

    [Fact]
    public async Task Delete_with_foreground_propagation_removes_dependents_first()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("fg", ct);
        using var client = cp.CreateAdminClient();
        var d = await client.CreateAsync(NewDeployment(ns, "owner"), ct);
        await Eventually.TrueAsync(async () => (await client.ListAsync<Pod>(ns, null, ct)).Items.Count == 1, "the deployment's pod exists");

        (await client.DeleteAsync<Deployment>(ns, "owner", new DeleteOptions { PropagationPolicy = PropagationPolicy.Foreground }, ct)).ShouldBeTrue();
        var deleting = await client.GetAsync<Deployment>(ns, "owner", ct);
        if (deleting is not null)
        {
            deleting.Metadata.Finalizers!.ShouldContain("foregroundDeletion");
            deleting.Metadata.DeletionTimestamp.ShouldNotBeNull();
        }

        await Eventually.TrueAsync(async () => await client.GetAsync<Deployment>(ns, "owner", ct) is null, "owner gone after its dependents", TimeSpan.FromSeconds(60));
        d.Metadata.Uid.ShouldNotBeNull();
    }

    [Fact]
    public async Task Crd_is_created_and_becomes_established()
    {
        var ct = Timeouts.Ct();
        using var client = cp.CreateAdminClient();
        var schema = JsonNode.Parse("""{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true},"status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}""");
        var crd = new CustomResourceDefinition
        {
            Metadata = new ObjectMeta { Name = "widgets.kubetests.local" },
            Spec = new CustomResourceDefinitionSpec
            {
                Group = "kubetests.local",
                Names = new CustomResourceDefinitionNames { Plural = "widgets", Singular = "widget", Kind = "Widget" },
                Versions = [System.Text.Json.JsonSerializer.SerializeToElement(schema)],
            },
        };
        await client.ApplyAsync(crd, new ApplyOptions("kube-tests", Force: true), ct);
        await Eventually.TrueAsync(async () => (await client.GetAsync<CustomResourceDefinition>(null, crd.Metadata.Name!, ct))!.IsEstablished, "CRD established");
    }

    [Fact]
    public async Task The_repositorys_ModelDeployment_CRD_installs_through_kubectl_and_serves_its_resource()
    {
        var ct = Timeouts.Ct(120);
        await cp.InstallCrdAsync(RepositoryPaths.InRepo("crds/modeldeployments.ml.rollouts.dev.yaml"), "modeldeployments.ml.rollouts.dev", ct);
        using var client = cp.CreateAdminClient();
        var crd = (await client.GetAsync<CustomResourceDefinition>(null, "modeldeployments.ml.rollouts.dev", ct))!;
        crd.Spec!.Names.Kind.ShouldBe("ModelDeployment");
        (await cp.KubectlAsync(ct, "get", "modeldeployments", "-A", "-o", "name")).ShouldBeEmpty();
    }
}
