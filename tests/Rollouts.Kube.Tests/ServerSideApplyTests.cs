using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

/// <summary>Server-side apply through the client (<c>V1Patch.PatchType.ApplyPatch</c>, the client's one field manager, forced) on the real API server.</summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class ServerSideApplyTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    [Fact]
    public async Task Apply_owns_fields_under_the_clients_field_manager_and_forces_conflicts()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("ssa", ct);
        using var a = cp.CreateAdminClient(new KubeClientOptions { FieldManager = "manager-a" });
        using var b = cp.CreateAdminClient(new KubeClientOptions { FieldManager = "manager-b" });

        var first = await a.ApplyAsync(KubeClientTests.NewDeployment(ns, "ssa", 2), ct);
        first.Spec.Replicas.ShouldBe(2);
        first.Metadata.ManagedFields.ShouldContain(m => m.Manager == "manager-a" && m.Operation == "Apply");

        // (That a repeat of the same intent writes nothing is checked on a Service below: the deployment controller
        // writes a Deployment's status meanwhile, so its resourceVersion moves anyway.)

        // Manager B states only spec.replicas (plus the identity) with another value: forced, it takes the field over.
        var fromB = new V1Deployment { Metadata = new V1ObjectMeta { Name = "ssa", NamespaceProperty = ns }, Spec = new V1DeploymentSpec { Replicas = 3 } };
        var forced = await b.ApplyAsync(fromB, ct);
        forced.Spec.Replicas.ShouldBe(3);
        forced.Metadata.ManagedFields.ShouldContain(m => m.Manager == "manager-b" && m.FieldsV1.ToString()!.Contains("f:replicas", StringComparison.Ordinal));

        // A re-applies without replicas and with another label: its old label goes, replicas stay B's.
        var withoutReplicas = KubeClientTests.NewDeployment(ns, "ssa", replicas: null);
        withoutReplicas.Metadata.Labels = new Dictionary<string, string> { ["other"] = "x" };
        var again = await a.ApplyAsync(withoutReplicas, ct);
        again.Spec.Replicas.ShouldBe(3);
        again.Metadata.Labels.ShouldNotContainKey("app");
        again.Metadata.Labels["other"].ShouldBe("x");

        // An object read back (managedFields set) applies as it is: the client strips what an apply must not carry
        // (the server refuses an apply with metadata.managedFields).
        again.Metadata.ManagedFields.ShouldNotBeEmpty();
        (await a.ApplyAsync(again, ct)).Spec.Replicas.ShouldBe(3);
    }

    [Fact]
    public async Task Status_subresource_is_applied_and_merge_patched_on_a_pod()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("status", ct);
        using var client = cp.CreateAdminClient();
        await client.CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = ns },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "example.invalid/model:1" }] },
        }, ct);

        var applied = await client.ApplyStatusAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = ns },
            Status = new V1PodStatus
            {
                Phase = "Running",
                PodIP = "127.0.0.1", // accepted in pod status; Endpoints would refuse it (v1.20)
                Conditions = [new V1PodCondition { Type = "Ready", Status = ConditionStatus.True }],
            },
        }, ct);
        applied.Status.Phase.ShouldBe("Running");
        applied.Status.PodIP.ShouldBe("127.0.0.1");
        applied.Status.Conditions.ShouldContain(c => c.Type == "Ready" && c.Status == "True");
        applied.Spec.Containers.Single().Name.ShouldBe("main"); // a status apply does not touch spec

        var patched = await client.MergePatchStatusAsync<V1Pod>(ns, "p", new { status = new { phase = "Succeeded" } }, ct);
        patched.Status.Phase.ShouldBe("Succeeded");
        patched.Status.PodIP.ShouldBe("127.0.0.1");
    }

    [Fact]
    public async Task A_service_applies_when_every_port_states_its_protocol()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("svc", ct);
        using var client = cp.CreateAdminClient();
        V1Service Service(string? protocol) => new()
        {
            Metadata = new V1ObjectMeta { Name = "model", NamespaceProperty = ns },
            Spec = new V1ServiceSpec
            {
                Selector = new Dictionary<string, string> { ["app"] = "model" },
                Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "http", Protocol = protocol }],
            },
        };

        // v1.20 refuses a port without its protocol (a key of the ports list).
        (await Should.ThrowAsync<KubeApiException>(() => client.ApplyAsync(Service(null), ct))).Code.ShouldBeOneOf(422, 500);

        var applied = await client.ApplyAsync(Service("TCP"), ct);
        applied.Spec.ClusterIP.ShouldNotBeNullOrEmpty();
        applied.Spec.Ports.Single().TargetPort.Value.ShouldBe("http");
        (await client.ApplyAsync(Service("TCP"), ct)).Metadata.ResourceVersion.ShouldBe(applied.Metadata.ResourceVersion); // the same intent writes nothing
    }

    [Fact]
    public async Task A_deployment_becomes_available_when_the_fake_kubelet_marks_its_pods_ready()
    {
        var ct = Timeouts.Ct(120);
        var ns = await cp.CreateNamespaceAsync("avail", ct);
        using var client = cp.CreateAdminClient();
        var desired = KubeClientTests.NewDeployment(ns, "ssa", 2);
        await client.ApplyAsync(desired, ct);
        await Eventually.TrueAsync(async () => (await client.ListAsync<V1Pod>(ns, new ListOptions { LabelSelector = "app=ssa" }, ct)).Items.Count == 2, "two pods created", TimeSpan.FromSeconds(60));

        (await ControlPlaneKubelet.MarkPodsReadyAsync(client, ns, "app=ssa", ct)).ShouldBe(2);
        await Eventually.TrueAsync(
            async () => (await client.GetAsync<V1Deployment>(ns, "ssa", ct))!.Status?.AvailableReplicas == 2,
            "deployment reports two available replicas",
            TimeSpan.FromSeconds(60));
        var d = (await client.GetAsync<V1Deployment>(ns, "ssa", ct))!;
        d.Status.Conditions.ShouldContain(c => c.Type == "Available" && c.Status == "True");
    }
}
