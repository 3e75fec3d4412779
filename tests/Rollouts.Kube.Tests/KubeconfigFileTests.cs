using System.Text.Json;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Rollouts.Kube.Tests;

/// <summary>
/// <see cref="KubeconfigFile"/> against KubernetesClient's own loader: the same file must give the same model, field
/// by field, for everything kubectl writes into a kubeconfig. (That the result authenticates against a real API server
/// is KubeConfigTests'.)
/// </summary>
public sealed class KubeconfigFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("kubeconfig-file-tests-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private const string Everything = """
        apiVersion: v1
        kind: Config
        preferences: {colors: true}
        current-context: dev
        clusters:
        - name: prod
          cluster:
            server: https://prod.example:6443
            certificate-authority-data: LS0tLS1CRUdJTg==
            tls-server-name: api.prod.example
            extensions:
            - name: client.authentication.k8s.io/exec
              extension: {audience: prod}
        - name: dev
          cluster:
            server: https://127.0.0.1:6443
            certificate-authority: certs/ca.crt
            insecure-skip-tls-verify: true
        contexts:
        - name: dev
          context: {cluster: dev, user: alice, namespace: team-a}
        - name: prod
          context: {cluster: prod, user: ci}
        users:
        - name: alice
          user:
            client-certificate: certs/alice.crt
            client-key: certs/alice.key
            as: bob
            as-groups: [system:authenticated, devs]
            as-user-extra: {reason: debugging}
        - name: ci
          user:
            token: abc.def
            client-certificate-data: Y2VydA==
            client-key-data: a2V5
        - name: cloud
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: ./bin/get-token
              args: [--cluster, prod]
              env:
              - {name: REGION, value: eu-west-1}
              installHint: install get-token
              provideClusterInfo: true
              interactiveMode: Never
        - name: legacy
          user:
            username: admin
            password: secret
            auth-provider:
              name: oidc
              config: {client-id: rollouts, idp-issuer-url: https://issuer.example}
        """;

    // Everything the resolution reads, as JSON (extension payloads are untyped YAML and not read by it).
    private static string Fields(K8SConfiguration c) => JsonSerializer.Serialize(new
    {
        c.ApiVersion,
        c.Kind,
        c.CurrentContext,
        c.FileName,
        Clusters = c.Clusters.Select(x => new
        {
            x.Name,
            x.ClusterEndpoint.Server,
            x.ClusterEndpoint.CertificateAuthority,
            x.ClusterEndpoint.CertificateAuthorityData,
            x.ClusterEndpoint.TlsServerName,
            x.ClusterEndpoint.SkipTlsVerify,
            Extensions = x.ClusterEndpoint.Extensions?.Select(e => e.Name),
        }),
        Contexts = c.Contexts.Select(x => new { x.Name, x.ContextDetails.Cluster, x.ContextDetails.User, x.ContextDetails.Namespace }),
        Users = c.Users.Select(x => new
        {
            x.Name,
            x.UserCredentials.ClientCertificate,
            x.UserCredentials.ClientCertificateData,
            x.UserCredentials.ClientKey,
            x.UserCredentials.ClientKeyData,
            x.UserCredentials.Token,
            x.UserCredentials.Impersonate,
            x.UserCredentials.ImpersonateGroups,
            x.UserCredentials.ImpersonateUserExtra,
            x.UserCredentials.UserName,
            x.UserCredentials.Password,
            AuthProvider = x.UserCredentials.AuthProvider is { } a ? new { a.Name, a.Config } : null,
            Exec = x.UserCredentials.ExternalExecution is { } e
                ? new { e.ApiVersion, e.Command, e.Arguments, e.EnvironmentVariables, e.InstallHint, e.ProvideClusterInfo }
                : null,
        }),
    });

    [Fact]
    public void A_kubeconfig_with_every_field_reads_as_the_librarys_loader_reads_it()
    {
        var path = Path.Combine(dir, "config");
        File.WriteAllText(path, Everything);

        var ours = KubeconfigFile.Load(path);
        var library = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path));

        Fields(ours).ShouldBe(Fields(library));
        ours.FileName.ShouldBe(Path.GetFullPath(path));
        ours.Users.Single(u => u.Name == "cloud").UserCredentials.ExternalExecution.Arguments.ShouldBe(["--cluster", "prod"]);
        ours.Clusters.Single(c => c.Name == "dev").ClusterEndpoint.SkipTlsVerify.ShouldBeTrue();
    }

    [Fact]
    public void The_resolved_configuration_is_the_same_for_a_token_user()
    {
        var path = Path.Combine(dir, "config");
        File.WriteAllText(path, Everything);

        var ours = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFile.Load(path), "prod");
        var library = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, "prod");

        ours.Host.ShouldBe(library.Host);
        ours.AccessToken.ShouldBe("abc.def");
        ours.TlsServerName.ShouldBe(library.TlsServerName);
        ours.Namespace.ShouldBe(library.Namespace);
    }

    [Fact]
    public void A_file_that_is_not_a_kubeconfig_is_refused_with_its_name_and_position()
    {
        var path = Path.Combine(dir, "broken");
        File.WriteAllText(path, "apiVersion: v1\nclusters:\n- name: a\n  cluster: [not, a, mapping]\n");

        var e = Should.Throw<KubeConfigException>(() => KubeconfigFile.Load(path));
        e.Message.ShouldContain(path);
        e.Message.ShouldContain("Line: 4");
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(dir, "absent");

        Should.Throw<KubeConfigException>(() => KubeconfigFile.Load(path)).Message.ShouldBe($"kubeconfig file not found at {path}");
    }

    [Fact]
    public void An_empty_file_is_a_configuration_without_entries()
    {
        var path = Path.Combine(dir, "empty");
        File.WriteAllText(path, "");

        var config = KubeconfigFile.Load(path);

        config.Clusters.ShouldBeEmpty();
        config.FileName.ShouldBe(path);
    }
}
