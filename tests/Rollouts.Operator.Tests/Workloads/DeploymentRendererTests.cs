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
        Metadata = new ObjectMeta { Name = "iris", Namespace = "models", Uid = "uid-1" },
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
        d.Metadata.OwnerReferences!.Single().ShouldBe(new OwnerReference { ApiVersion = "ml.rollouts.dev/v1alpha1", Kind = "ModelDeployment", Name = "iris", Uid = "uid-1", Controller = true, BlockOwnerDeletion = true });
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
        ]);
        c.Ports!.Single().Name.ShouldBe("http");
        c.ReadinessProbe!.HttpGet!.Path.ShouldBe("/v2/health/ready");
        c.LivenessProbe!.HttpGet!.Path.ShouldBe("/v2/health/live");
        c.StartupProbe!.HttpGet!.Path.ShouldBe("/v2/health/live");
        c.Env!.Single().Name.ShouldBe("A");
        c.VolumeMounts!.Single().MountPath.ShouldBe("/tmp");

        var security = c.Extra!["securityContext"];
        security.GetProperty("runAsNonRoot").GetBoolean().ShouldBeTrue();
        security.GetProperty("runAsUser").GetInt64().ShouldBe(1654);
        security.GetProperty("allowPrivilegeEscalation").GetBoolean().ShouldBeFalse();
        security.GetProperty("readOnlyRootFilesystem").GetBoolean().ShouldBeTrue();
        security.GetProperty("capabilities").GetProperty("drop")[0].GetString().ShouldBe("ALL");
        security.GetProperty("seccompProfile").GetProperty("type").GetString().ShouldBe("RuntimeDefault");
        template.Spec.Extra!["securityContext"].GetProperty("seccompProfile").GetProperty("type").GetString().ShouldBe("RuntimeDefault");
        template.Spec.Volumes!.Single().Extra!["emptyDir"].ValueKind.ShouldBe(JsonValueKind.Object);
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
    public void Map_key_order_does_not_change_the_revision()
    {
        var a = Canary("1.0.0") with { Serving = new() { PodTemplate = new() { Labels = new() { ["a"] = "1", ["b"] = "2" } } } };
        var b = Canary("1.0.0") with { Serving = new() { PodTemplate = new() { Labels = new() { ["b"] = "2", ["a"] = "1" } } } };
        RevisionHasher.Compute(a, "i").ShouldBe(RevisionHasher.Compute(b, "i"));
    }
}
