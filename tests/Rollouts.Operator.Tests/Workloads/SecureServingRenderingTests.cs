using Rollouts.Api;
using Rollouts.Api.Serving;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Workloads;
using static Rollouts.Operator.Tests.Planning.Specs;

namespace Rollouts.Operator.Tests.Workloads;

/// <summary>gRPC, auth Secrets, S3 credentials and pvc:// sources as the pods and Services get them (issue 13, operator side).</summary>
public sealed class SecureServingRenderingTests
{
    public static ModelDeploymentSpec Secured() => Canary("2.0.0", Weight(10)) with
    {
        Model = new() { Name = "iris", Version = "2.0.0", Uri = "pvc://models/iris/2.0.0/model.onnx", BaselineUri = "s3://baselines/iris.json" },
        Serving = new ServingSpec
        {
            Replicas = 2,
            Grpc = true,
            Auth = new AuthSpec
            {
                ApiKeys = new SecretKeyReference { SecretName = "iris-keys" },
                Jwt = new JwtSpec { Issuer = "https://idp.example.com", Audience = "iris", SigningKeys = new SecretKeyReference { SecretName = "idp", Key = "keys.json" } },
            },
            S3 = new S3Spec { CredentialsSecretName = "s3-creds", SecretAccessKeyKey = "secret", Region = "eu-west-1", Endpoint = "http://minio:9000", ForcePathStyle = true },
        },
    };

    [Fact]
    public void Grpc_gets_a_container_port_a_service_port_with_h2c_and_the_server_flag()
    {
        var d = DeploymentRenderer.Render(Owners.Of(Secured()), "abc", 2, "img:1");
        var c = d.Spec!.Template!.Spec!.Containers.Single();
        c.Ports!.Select(p => (p.Name, p.ContainerPort, p.Protocol)).ShouldBe([("http", 8080, "TCP"), ("grpc", 9000, "TCP")]);
        c.Args.ShouldContain("--grpc-port");
        c.Args[c.Args.IndexOf("--grpc-port") + 1].ShouldBe("9000");

        var svc = ServiceRenderer.Render(Owners.Of(Secured()), "iris-stable", "stable", "abc");
        var grpc = svc.Spec!.Ports!.Single(p => p.Name == "grpc");
        (grpc.Port, grpc.TargetPort.Value, grpc.Protocol, grpc.AppProtocol).ShouldBe((9000, "grpc", "TCP", "kubernetes.io/h2c"));
    }

    [Fact]
    public void Without_grpc_there_is_only_the_http_port_and_no_flag()
    {
        var spec = Canary("1.0.0", Weight(10));
        DeploymentRenderer.Render(Owners.Of(spec), "abc", 1, "img:1").Spec!.Template!.Spec!.Containers.Single().Ports!.Single().Name.ShouldBe("http");
        DeploymentRenderer.Args(spec).ShouldNotContain("--grpc-port");
        ServiceRenderer.Render(Owners.Of(spec), "iris-stable", "stable", "abc").Spec!.Ports!.Single().Name.ShouldBe("http");
    }

    [Fact]
    public void Auth_secrets_are_mounted_read_only_with_mode_0440_and_passed_as_the_file_flags()
    {
        var pod = DeploymentRenderer.Render(Owners.Of(Secured()), "abc", 2, "img:1").Spec!.Template!.Spec!;
        var keys = pod.Volumes!.Single(v => v.Name == "auth-api-keys").Secret!;
        (keys.SecretName, keys.DefaultMode, keys.Items!.Single().Key, keys.Items!.Single().Path).ShouldBe(("iris-keys", 288, "api-keys", "api-keys"));
        var jwks = pod.Volumes!.Single(v => v.Name == "auth-jwks").Secret!;
        (jwks.SecretName, jwks.DefaultMode, jwks.Items!.Single().Key).ShouldBe(("idp", 288, "keys.json"));
        pod.SecurityContext!.FsGroup.ShouldBe(DeploymentRenderer.RunAsUser); // the group the 0440 files belong to

        var c = pod.Containers.Single();
        c.VolumeMounts!.Where(m => m.Name.StartsWith("auth-", StringComparison.Ordinal)).ShouldAllBe(m => m.ReadOnlyProperty == true && m.SubPath == null);
        var args = c.Args;
        string Flag(string name) => args[args.IndexOf(name) + 1];
        Flag("--api-keys-file").ShouldBe("/etc/model-rollouts/auth/auth-api-keys/api-keys");
        Flag("--jwt-signing-keys-file").ShouldBe("/etc/model-rollouts/auth/auth-jwks/keys.json");
        Flag("--jwt-issuer").ShouldBe("https://idp.example.com");
        Flag("--jwt-audience").ShouldBe("iris");
        c.VolumeMounts!.Single(m => m.Name == "auth-api-keys").MountPath.ShouldBe("/etc/model-rollouts/auth/auth-api-keys");
    }

    [Fact]
    public void S3_credentials_come_from_the_secret_by_reference_and_region_endpoint_as_values()
    {
        var env = DeploymentRenderer.Render(Owners.Of(Secured()), "abc", 2, "img:1").Spec!.Template!.Spec!.Containers.Single().Env!;
        env.Select(e => e.Name).ShouldBe(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL_S3", "AWS_S3_FORCE_PATH_STYLE", "SERVING_SHADOW_CONFIG"]);
        env[0].Value.ShouldBeNull();
        (env[0].ValueFrom!.SecretKeyRef!.Name, env[0].ValueFrom!.SecretKeyRef!.Key).ShouldBe(("s3-creds", "AWS_ACCESS_KEY_ID"));
        (env[1].ValueFrom!.SecretKeyRef!.Name, env[1].ValueFrom!.SecretKeyRef!.Key).ShouldBe(("s3-creds", "secret"));
        env.Skip(2).Take(3).Select(e => e.Value).ShouldBe(["eu-west-1", "http://minio:9000", "true"]);
    }

    [Fact]
    public void A_pvc_uri_mounts_the_claim_read_only_and_passes_the_file_path()
    {
        var spec = Secured() with { Model = Secured().Model with { BaselineUri = "pvc://models/iris/baseline.json" } };
        var d = DeploymentRenderer.Render(Owners.Of(spec), "abc", 2, "img:1");
        var pod = d.Spec!.Template!.Spec!;
        var claim = pod.Volumes!.Single(v => v.PersistentVolumeClaim is not null); // one volume for both URIs on one claim
        (claim.PersistentVolumeClaim.ClaimName, claim.PersistentVolumeClaim.ReadOnlyProperty).ShouldBe(("models", true));
        var mount = pod.Containers.Single().VolumeMounts!.Single(m => m.Name == claim.Name);
        (mount.MountPath, mount.ReadOnlyProperty).ShouldBe(("/mnt/pvc/models", true));
        var args = pod.Containers.Single().Args;
        args[args.IndexOf("--model-uri") + 1].ShouldBe("/mnt/pvc/models/iris/2.0.0/model.onnx");
        args[args.IndexOf("--baseline-uri") + 1].ShouldBe("/mnt/pvc/models/iris/baseline.json");
    }

    [Theory]
    [InlineData("pvc://models")]
    [InlineData("pvc://models/")]
    [InlineData("pvc:///m.onnx")]
    [InlineData("pvc://Models/m.onnx")]
    [InlineData("pvc://models/../etc/passwd")]
    [InlineData("pvc://models/a//m.onnx")]
    public void Malformed_pvc_uris_are_InvalidSpec(string uri)
    {
        var spec = Canary("1.0.0", Weight(10)) with { Model = new() { Name = "iris", Version = "1.0.0", Uri = uri } };
        SpecValidator.Validate(spec, "img:1").ShouldHaveSingleItem().ShouldStartWith($"spec.model.uri: '{uri}' is not pvc://<claim>/<path>");
    }

    [Fact]
    public void Secure_serving_settings_are_part_of_the_revision_and_absent_ones_keep_the_old_hash()
    {
        var plain = Canary("1.0.0", Weight(10));
        var before = RevisionHasher.Compute(plain, "img:1");
        RevisionHasher.Compute(plain with { Serving = plain.Serving with { Grpc = null, Auth = null, S3 = null } }, "img:1").ShouldBe(before);
        RevisionHasher.Compute(plain with { Serving = plain.Serving with { Grpc = true } }, "img:1").ShouldNotBe(before);
        RevisionHasher.Compute(plain with { Serving = plain.Serving with { Auth = new AuthSpec { ApiKeys = new SecretKeyReference { SecretName = "k" } } } }, "img:1").ShouldNotBe(before);
        RevisionHasher.Compute(plain with { Serving = plain.Serving with { S3 = new S3Spec { Region = "eu-west-1" } } }, "img:1").ShouldNotBe(before);
        RevisionHasher.Compute(plain with { Serving = plain.Serving with { Autoscaling = new AutoscalingSpec { MaxReplicas = 5 } } }, "img:1").ShouldBe(before);
    }

    [Fact]
    public void Model_uris_outside_the_allowed_prefixes_are_InvalidSpec_naming_the_prefixes_and_an_empty_list_allows_all()
    {
        var spec = Canary("1.0.0", Weight(10)) with { Model = new() { Name = "iris", Version = "1.0.0", Uri = "https://evil.example.com/m.onnx", BaselineUri = "s3://models/b.json" } };
        string[] prefixes = ["s3://models/", "pvc://"];
        SpecValidator.Validate(spec, "img:1", prefixes).ShouldBe(["spec.model.uri: 'https://evil.example.com/m.onnx' is outside the operator's allowed model URI prefixes (s3://models/, pvc://)"]);
        SpecValidator.Validate(spec with { Model = spec.Model with { Uri = "s3://models/m.onnx", BaselineUri = "s3://models-copy/b.json" } }, "img:1", prefixes)
            .ShouldBe(["spec.model.baselineUri: 's3://models-copy/b.json' is outside the operator's allowed model URI prefixes (s3://models/, pvc://)"]);
        SpecValidator.Validate(spec, "img:1", []).ShouldBeEmpty();
        SpecValidator.Validate(spec, "img:1").ShouldBeEmpty();
    }
}
