using System.Text.Json.Nodes;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

/// <summary>The client over KubernetesClient on the real API server: addressing (core group, groups, cluster scope), typed failures, lists, deletes.</summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class KubeClientTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    internal static V1Deployment NewDeployment(string ns, string name, int? replicas = 1, string image = "example.invalid/model:1") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image }] },
            },
        },
    };

    [Fact]
    public async Task Create_get_merge_patch_and_delete_a_deployment()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("crud", ct);
        using var client = cp.CreateAdminClient();

        var created = await client.CreateAsync(NewDeployment(ns, "web", 2), ct);
        created.Metadata.Uid.ShouldNotBeNullOrEmpty();
        created.Metadata.Generation.ShouldBe(1);
        created.Spec.Replicas.ShouldBe(2);

        var read = await client.GetAsync<V1Deployment>(ns, "web", ct);
        read.ShouldNotBeNull();
        read.Metadata.Uid.ShouldBe(created.Metadata.Uid);
        read.Spec.Template.Spec.Containers.Single().Image.ShouldBe("example.invalid/model:1");

        var patched = await client.MergePatchAsync<V1Deployment>(ns, "web", new { spec = new { replicas = 3 } }, ct);
        patched.Spec.Replicas.ShouldBe(3);
        patched.Metadata.Generation.ShouldBe(2);

        (await client.DeleteAsync<V1Deployment>(ns, "web", new V1DeleteOptions { PropagationPolicy = "Background" }, ct)).ShouldBeTrue();
        await Eventually.TrueAsync(async () => await client.GetAsync<V1Deployment>(ns, "web", ct) is null, "deployment deleted");
        (await client.DeleteAsync<V1Deployment>(ns, "web", null, ct)).ShouldBeFalse();
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

        await client.MergePatchAsync<V1Deployment>(ns, "r", new { metadata = new { labels = new { bump = "1" } } }, ct);
        var stale = new { metadata = new { resourceVersion = first.Metadata.ResourceVersion, labels = new { late = "1" } } };
        var conflict = await Should.ThrowAsync<KubeApiException>(() => client.MergePatchAsync<V1Deployment>(ns, "r", stale, ct));
        conflict.Reason.ShouldBe(StatusReason.Conflict);

        var invalid = NewDeployment(ns, "bad");
        invalid.Spec.Selector.MatchLabels = new Dictionary<string, string> { ["app"] = "other" }; // selector does not match template labels
        var inv = await Should.ThrowAsync<KubeApiException>(() => client.CreateAsync(invalid, ct));
        inv.Reason.ShouldBe(StatusReason.Invalid);
        inv.Code.ShouldBe(422);
        inv.Status.Details.Causes.ShouldContain(c => c.Field != null && c.Field.StartsWith("spec.", StringComparison.Ordinal));

        var notFound = await Should.ThrowAsync<KubeApiException>(() => client.MergePatchAsync<V1Deployment>(ns, "missing", new { spec = new { replicas = 1 } }, ct));
        notFound.Reason.ShouldBe(StatusReason.NotFound);
        notFound.Message.ShouldContain($"deployments.apps {ns}/missing");
        (await client.GetAsync<V1Deployment>(ns, "missing", ct)).ShouldBeNull();
    }

    [Fact]
    public async Task List_pages_through_with_limit_and_continue_and_filters_by_label()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("page", ct);
        using var client = cp.CreateAdminClient();
        for (var i = 0; i < 7; i++)
        {
            await client.CreateAsync(new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = $"l{i}", NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["parity"] = i % 2 == 0 ? "even" : "odd" } },
                Spec = new V1LeaseSpec { HolderIdentity = $"h{i}" },
            }, ct);
        }

        (await client.ListAllAsync<V1Lease>(ns, null, ct, pageSize: 2)).Count.ShouldBe(7);
        var names = new List<string>();
        string? cont = null;
        var pages = 0;
        do
        {
            var page = await client.ListAsync<V1Lease>(ns, new ListOptions { Limit = 3, Continue = cont }, ct);
            page.Items.Count.ShouldBeLessThanOrEqualTo(3);
            names.AddRange(page.Items.Select(l => l.Metadata.Name));
            cont = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(cont));

        pages.ShouldBe(3);
        names.Order().ShouldBe(Enumerable.Range(0, 7).Select(i => $"l{i}"));

        var odd = await client.ListAsync<V1Lease>(ns, new ListOptions { LabelSelector = "parity=odd" }, ct);
        odd.Items.Select(l => l.Metadata.Name).Order().ShouldBe(["l1", "l3", "l5"]);

        // All namespaces (ns null) and a cluster-scoped type through the same calls.
        (await client.ListAllAsync<V1Lease>(null, "parity=odd", ct)).Count(l => l.Metadata.NamespaceProperty == ns).ShouldBe(3);
        (await client.GetAsync<V1Namespace>(null, ns, ct))!.Metadata.Name.ShouldBe(ns);
    }

    [Fact]
    public async Task Delete_with_foreground_propagation_removes_dependents_first()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("fg", ct);
        using var client = cp.CreateAdminClient();
        await client.CreateAsync(NewDeployment(ns, "owner"), ct);
        await Eventually.TrueAsync(async () => (await client.ListAsync<V1Pod>(ns, null, ct)).Items.Count == 1, "the deployment's pod exists");

        (await client.DeleteAsync<V1Deployment>(ns, "owner", new V1DeleteOptions { PropagationPolicy = "Foreground" }, ct)).ShouldBeTrue();
        var deleting = await client.GetAsync<V1Deployment>(ns, "owner", ct);
        if (deleting is not null)
        {
            deleting.Metadata.Finalizers.ShouldContain("foregroundDeletion");
            deleting.Metadata.DeletionTimestamp.ShouldNotBeNull();
        }

        await Eventually.TrueAsync(async () => await client.GetAsync<V1Deployment>(ns, "owner", ct) is null, "owner gone after its dependents", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_cluster_scoped_crd_is_applied_and_becomes_established()
    {
        var ct = Timeouts.Ct();
        using var client = cp.CreateAdminClient();
        var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(JsonNode.Parse("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.kubetests.local"},
             "spec":{"group":"kubetests.local","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
                     "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
                                  "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}
            """)!.ToJsonString());
        await client.ApplyAsync(crd, ct);
        await Eventually.TrueAsync(
            async () => (await client.GetAsync<V1CustomResourceDefinition>(null, crd.Metadata.Name, ct))!.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true,
            "CRD established");
        (await client.GetAsync<V1CustomResourceDefinition>(null, crd.Metadata.Name, ct))!.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].XKubernetesPreserveUnknownFields.ShouldBe(true);
    }

    [Fact]
    public async Task The_repositorys_ModelDeployment_CRD_installs_through_kubectl_and_serves_its_resource()
    {
        var ct = Timeouts.Ct(120);
        await cp.InstallCrdAsync(RepositoryPaths.InRepo("crds/modeldeployments.ml.rollouts.dev.yaml"), "modeldeployments.ml.rollouts.dev", ct);
        using var client = cp.CreateAdminClient();
        var crd = (await client.GetAsync<V1CustomResourceDefinition>(null, "modeldeployments.ml.rollouts.dev", ct))!;
        crd.Spec.Names.Kind.ShouldBe("ModelDeployment");
        (await cp.KubectlAsync(ct, "get", "modeldeployments", "-A", "-o", "name")).ShouldBeEmpty();
    }
}
