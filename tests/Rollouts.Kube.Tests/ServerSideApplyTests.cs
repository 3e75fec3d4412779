using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

[Collection(ControlPlaneFixture.Collection)]
public sealed class ServerSideApplyTests(ControlPlaneFixture fixture)
{
    private readonly ControlPlane cp = fixture.ControlPlane;

    private static Deployment Desired(string ns, int? replicas, Dictionary<string, string> labels) => new()
    {
        Metadata = new ObjectMeta { Name = "ssa", Namespace = ns, Labels = labels },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = "ssa" } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = "ssa" } },
                Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "example.invalid/model:1" }] },
            },
        },
    };

    [Fact]
    public async Task Two_managers_conflict_on_a_shared_field_until_one_forces_and_ownership_moves()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("ssa", ct);
        using var client = cp.CreateAdminClient();

        var first = await client.ApplyAsync(Desired(ns, 2, new() { ["owner-a"] = "1" }), new ApplyOptions("manager-a"), ct);
        first.Spec!.Replicas.ShouldBe(2);

        // Manager B only states spec.replicas (plus the required identity), with a different value.
        var fromB = new Deployment { Metadata = new ObjectMeta { Name = "ssa", Namespace = ns }, Spec = new DeploymentSpec { Replicas = 3 } };
        var conflict = await Should.ThrowAsync<KubeApiException>(() => client.ApplyAsync(fromB, new ApplyOptions("manager-b"), ct));
        conflict.Reason.ShouldBe(StatusReason.Conflict);
        conflict.Status.Details!.Causes!.ShouldContain(c => c.Reason == "FieldManagerConflict" && c.Field == ".spec.replicas");

        var forced = await client.ApplyAsync(fromB, new ApplyOptions("manager-b", Force: true), ct);
        forced.Spec!.Replicas.ShouldBe(3);
        var managers = forced.Metadata.Extra!["managedFields"].EnumerateArray().ToList();
        managers.ShouldContain(m => m.GetProperty("manager").GetString() == "manager-b"
            && m.GetProperty("fieldsV1").GetRawText().Contains("f:replicas", StringComparison.Ordinal));

        // A re-applies without replicas (it lost that field) and without its label: the label goes, replicas stay B's.
        var again = await client.ApplyAsync(Desired(ns, null, new() { ["other"] = "x" }), new ApplyOptions("manager-a"), ct);
        again.Spec!.Replicas.ShouldBe(3);
        again.Metadata.Labels!.ShouldNotContainKey("owner-a");
        again.Metadata.Labels!["other"].ShouldBe("x");
    }

    [Fact]
    public async Task Status_subresource_is_applied_and_merge_patched_on_a_pod()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("status", ct);
        using var client = cp.CreateAdminClient();
        await client.CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = "p", Namespace = ns },
            Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "example.invalid/model:1" }] },
        }, ct);

        var applied = await client.ApplyStatusAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = "p", Namespace = ns },
            Status = new PodStatus
            {
                Phase = "Running",
                PodIP = "127.0.0.1", // accepted in pod status; Endpoints would refuse it (v1.20 quirk)
                Conditions = [new PodCondition { Type = "Ready", Status = ConditionStatus.True }],
            },
        }, new ApplyOptions("fake-kubelet", Force: true), ct);
        applied.Status!.Phase.ShouldBe("Running");
        applied.Status.PodIP.ShouldBe("127.0.0.1");
        applied.Status.Conditions!.ShouldContain(c => c.Type == "Ready" && c.Status == "True");
        applied.Spec!.Containers.Single().Name.ShouldBe("main"); // status apply does not touch spec

        var patched = await client.MergePatchStatusAsync<Pod>(ns, "p", new { status = new { phase = "Succeeded" } }, ct);
        patched.Status!.Phase.ShouldBe("Succeeded");
        patched.Status.PodIP.ShouldBe("127.0.0.1");
    }

    [Fact]
    public async Task A_service_applies_when_every_port_states_its_protocol()
    {
        var ct = Timeouts.Ct();
        var ns = await cp.CreateNamespaceAsync("svc", ct);
        using var client = cp.CreateAdminClient();
        var svc = new Service
        {
            Metadata = new ObjectMeta { Name = "model", Namespace = ns },
            Spec = new ServiceSpec
            {
                Selector = new() { ["app"] = "model" },
                Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = "http" }], // Protocol defaults to TCP
            },
        };
        var applied = await client.ApplyAsync(svc, new ApplyOptions("model-rollouts"), ct);
        applied.Spec!.ClusterIP.ShouldNotBeNullOrEmpty();
        applied.Spec.Ports!.Single().TargetPort!.Value.StringValue.ShouldBe("http");

        // Applying the same intent again is a no-op (same resourceVersion).
        var again = await client.ApplyAsync(svc, new ApplyOptions("model-rollouts"), ct);
        again.Metadata.ResourceVersion.ShouldBe(applied.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_deployment_becomes_available_when_the_fake_kubelet_marks_its_pods_ready()
    {
        var ct = Timeouts.Ct(120);
        var ns = await cp.CreateNamespaceAsync("avail", ct);
        using var client = cp.CreateAdminClient();
        await client.ApplyAsync(Desired(ns, 2, new() { ["app"] = "ssa" }), new ApplyOptions("tests"), ct);
        await Eventually.TrueAsync(async () => (await client.ListAsync<Pod>(ns, new ListOptions { LabelSelector = "app=ssa" }, ct)).Items.Count == 2, "two pods created", TimeSpan.FromSeconds(60));

        (await ControlPlaneKubelet.MarkPodsReadyAsync(client, ns, "app=ssa", ct)).ShouldBe(2);
        await Eventually.TrueAsync(
            async () => (await client.GetAsync<Deployment>(ns, "ssa", ct))!.Status?.AvailableReplicas == 2,
            "deployment reports two available replicas",
            TimeSpan.FromSeconds(60));
        var d = (await client.GetAsync<Deployment>(ns, "ssa", ct))!;
        d.Status!.Conditions!.ShouldContain(c => c.Type == "Available" && c.Status == "True");
    }
}
