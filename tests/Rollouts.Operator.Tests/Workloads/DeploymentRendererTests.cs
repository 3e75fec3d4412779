using System.Text.Json;
using Rollouts.Api;
using Rollouts.Api.Serving;
using Rollouts.Kube;
using Rollouts.Operator.Workloads;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Workloads;

public sealed class DeploymentRendererTests
{
    private static ModelDeployment Owner(ModelDeploymentSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = "iris", NamespaceProperty = "models", Uid = "uid-1" },
        Spec = spec,
    };

    [Fact]
    public void Pods_run_the_serving_command_line_with_probes_security_and_scrape_annotations()
    {
        var spec = Canary("2.0.0", Weight(10)) with
        {
            Model = new() { Name = "iris", Version = "2.0.0", Uri = "file:///m.onnx", Sha256 = new string('a', 64), BaselineUri = "file:///b.json" },
            Serving = new ServingSpec
            {
                Replicas = 3,
                Batching = new BatchingSpec { MaxBatchSize = 16, MaxDelayMicroseconds = 250 },
                PodTemplate = new PodTemplateOverrides { Labels = new() { ["team"] = "ml", ["ml.rollouts.dev/revision"] = "spoofed" }, Env = [new global::Rollouts.Api.Serving.EnvVar { Name = "A", Value = "1" }] },
            },
        };
        var d = DeploymentRenderer.Render(Owner(spec), "abc123", 2, "img:1");
        d.Metadata.Name.ShouldBe("iris-abc123");
        d.Metadata.OwnerReferences!.Single().ShouldBe(new V1OwnerReference { ApiVersion = "ml.rollouts.dev/v1alpha1", Kind = "ModelDeployment", Name = "iris", Uid = "uid-1", Controller = true, BlockOwnerDeletion = true });
        d.Spec!.Replicas.ShouldBe(2);
        d.Spec.Selector!.MatchLabels.ShouldBe(new Dictionary<string, string> { ["ml.rollouts.dev/deployment"] = "iris", ["ml.rollouts.dev/revision"] = "abc123" });

        var template = d.Spec.Template!;
        template.Metadata!.Labels!["ml.rollouts.dev/revision"].ShouldBe("abc123");
        template.Metadata.Labels["team"].ShouldBe("ml");
        template.Metadata.Labels["app.kubernetes.io/name"].ShouldBe("iris");
        template.Metadata.Labels["ml.rollouts.dev/model-version"].ShouldBe("2.0.0");
        template.Metadata.Annotations!["prometheus.io/port"].ShouldBe("8080");
        template.Metadata.Annotations["prometheus.io/path"].ShouldBe("/metrics");

        var c = template.Spec!.Containers.Single();
        c.Args.ShouldBe([
            "--model-name", "iris", "--model-version", "2.0.0", "--model-uri", "file:///m.onnx",
            "--model-sha256", new string('a', 64), "--baseline-uri", "file:///b.json",
            "--max-batch-size", "16", "--max-batch-delay-us", "250", "--urls", "http://0.0.0.0:8080",
            "--model-deployment", "iris", "--model-revision", "abc123", "--drain-seconds", "5",
        ]);
        c.Lifecycle.ShouldBeNull();
        template.Spec!.TerminationGracePeriodSeconds.ShouldBe(20);
        c.Ports!.Single().Name.ShouldBe("http");
        c.ReadinessProbe!.HttpGet!.Path.ShouldBe("/v2/health/ready");
        c.LivenessProbe!.HttpGet!.Path.ShouldBe("/v2/health/live");
        c.StartupProbe!.HttpGet!.Path.ShouldBe("/v2/health/live");
        c.Env!.Select(e => (e.Name, e.Value)).ShouldBe([("A", "1"), ("SERVING_SHADOW_CONFIG", "/etc/model-rollouts/shadow/shadow.json")]);
        c.VolumeMounts!.Select(m => (m.Name, m.MountPath, m.ReadOnlyProperty)).ShouldBe([("tmp", "/tmp", null), ("shadow", "/etc/model-rollouts/shadow", true)]);

        var security = c.SecurityContext;
        security.RunAsNonRoot.ShouldBe(true);
        security.RunAsUser.ShouldBe(1654);
        security.AllowPrivilegeEscalation.ShouldBe(false);
        security.ReadOnlyRootFilesystem.ShouldBe(true);
        security.Capabilities.Drop.ShouldBe(["ALL"]);
        security.SeccompProfile.Type.ShouldBe("RuntimeDefault");
        template.Spec.SecurityContext.SeccompProfile.Type.ShouldBe("RuntimeDefault");
        template.Spec.SecurityContext.RunAsUser.ShouldBe(1654);
        template.Spec.Volumes!.Count.ShouldBe(2);
        template.Spec.Volumes[0].EmptyDir.ShouldNotBeNull();

        // Seams S1: the shadow ConfigMap is always mounted (optional, 0444), so a shadow step never changes the template.
        var shadow = template.Spec.Volumes[1];
        shadow.Name.ShouldBe("shadow");
        shadow.ConfigMap.ShouldBe(new V1ConfigMapVolumeSource { Name = "iris-shadow", Optional = true, DefaultMode = Convert.ToInt32("444", 8) });
    }

    [Fact]
    public void The_revision_hash_follows_the_pods_not_the_rollout_settings()
    {
        var a = Canary("1.0.0", Weight(10));
        var h = RevisionHasher.Compute(a, "img:1");
        h.Length.ShouldBe(10);
        RevisionHasher.Compute(a with { Serving = a.Serving with { Replicas = 9 }, Strategy = Canary("1.0.0", Weight(90)).Strategy }, "img:1").ShouldBe(h);
        RevisionHasher.Compute(Canary("1.0.1", Weight(10)), "img:1").ShouldNotBe(h);
        RevisionHasher.Compute(a, "img:2").ShouldNotBe(h);
        RevisionHasher.Compute(a with { Serving = a.Serving with { Resources = new() { Requests = new() { ["cpu"] = "1" } } } }, "img:1").ShouldNotBe(h);
    }

    [Fact]
    public void The_revision_hash_is_the_one_earlier_releases_computed()
    {
        // Values computed by the operator before it moved to KubernetesClient (commit fb1aedb): an upgraded operator
        // must recognise its own Deployments, so the hash may not change with the JSON library.
        var spec = new ModelDeploymentSpec
        {
            Model = new() { Name = "iris", Version = "2.0.0+build.7", Uri = "s3://models/iris <v2>.onnx", Sha256 = new string('a', 64), BaselineUri = "file:///b.json" },
            Serving = new ServingSpec
            {
                Replicas = 3,
                Resources = new global::Rollouts.Api.Serving.ResourceRequirements { Requests = new() { ["cpu"] = "500m", ["memory"] = "256Mi" } },
                Batching = new BatchingSpec { MaxBatchSize = 16, MaxDelayMicroseconds = 250 },
                PodTemplate = new PodTemplateOverrides
                {
                    Labels = new() { ["team"] = "ml&ai" },
                    Tolerations = [JsonSerializer.SerializeToElement(new { key = "gpu", @operator = "Exists", effect = "NoSchedule" })],
                    Env = [new global::Rollouts.Api.Serving.EnvVar { Name = "A", Value = "é" }],
                },
            },
        };
        RevisionHasher.Compute(spec, "ghcr.io/model-rollouts/serving:0.1.0").ShouldBe("fa4e398a11");
        RevisionHasher.Compute(new ModelDeploymentSpec { Model = new() { Name = "iris", Version = "1.0.0", Uri = "file:///m.onnx" } }, "img:1").ShouldBe("8d116b79c3");
    }

    [Fact]
    public void Map_key_order_does_not_change_the_revision()
    {
        var a = Canary("1.0.0") with { Serving = new() { PodTemplate = new() { Labels = new() { ["a"] = "1", ["b"] = "2" } } } };
        var b = Canary("1.0.0") with { Serving = new() { PodTemplate = new() { Labels = new() { ["b"] = "2", ["a"] = "1" } } } };
        RevisionHasher.Compute(a, "i").ShouldBe(RevisionHasher.Compute(b, "i"));
    }
}
