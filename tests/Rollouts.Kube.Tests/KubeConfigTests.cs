using k8s.Exceptions;
using Rollouts.Testing;

namespace Rollouts.Kube.Tests;

/// <summary>
/// Configuration resolution, the part that is ours on top of KubernetesClient's kubeconfig loader: the search order,
/// the <c>KUBECONFIG</c> merge as kubectl does it, contexts, exec plugins; checked against the real API server.
/// Tests that set <c>KUBECONFIG</c> restore it (<see cref="KubeconfigVariable"/>); this collection runs its classes one at a time.
/// </summary>
[Collection(ControlPlaneFixture.Collection)]
public sealed class KubeConfigTests(ControlPlaneFixture fixture) : IDisposable
{
    private readonly ControlPlane cp = fixture.ControlPlane;
    private readonly string dir = Directory.CreateTempSubdirectory("kubeconfig-tests-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static async Task<string> FirstNamespaceAsync(KubernetesClientConfiguration config, CancellationToken ct)
    {
        using var client = KubeClient.Create(config, new KubeClientOptions { FieldManager = "tests", MaxRetries = 0 });
        return (await client.ListAsync<V1Namespace>(null, new ListOptions { Limit = 1 }, ct)).Items.Single().Metadata.Name;
    }

    [Fact]
    public async Task A_two_file_KUBECONFIG_is_merged_and_relative_paths_resolve_against_their_own_file()
    {
        var ct = Timeouts.Ct();
        var (credentials, contexts) = cp.WriteSplit(dir, "team-a");
        using var env = KubeconfigVariable.Set(contexts, Path.Combine(dir, "missing"), "", credentials);

        var config = KubeConfig.Load();

        config.CurrentContext.ShouldBe(ControlPlaneKubeconfigs.Context); // from the contexts file
        config.Namespace.ShouldBe("team-a");
        config.AccessToken.ShouldBe(cp.AdminToken); // from the credentials file
        config.SslCaCerts.ShouldNotBeNull(); // ca.crt beside the credentials file, not beside the first file of the list
        (await FirstNamespaceAsync(config, ct)).ShouldNotBeNullOrEmpty(); // TLS verified with that CA, token accepted

        KubeConfig.Load(context: "elsewhere").Namespace.ShouldBe("kube-system");
    }

    [Fact]
    public void In_a_merge_the_first_file_to_name_an_entry_wins()
    {
        var (credentials, contexts) = cp.WriteSplit(dir, "team-a");
        var shadow = Path.Combine(dir, "shadow");
        File.WriteAllText(shadow, """
            apiVersion: v1
            kind: Config
            contexts:
            - name: split
              context: {cluster: local, user: admin, namespace: shadowed}
            current-context: elsewhere
            """);

        using (KubeconfigVariable.Set(shadow, contexts, credentials))
        {
            KubeConfig.Load().CurrentContext.ShouldBe("elsewhere"); // the first current-context
            KubeConfig.Load(context: "split").Namespace.ShouldBe("shadowed"); // the first "split"
        }

        using (KubeconfigVariable.Set(contexts, shadow, credentials))
        {
            KubeConfig.Load().Namespace.ShouldBe("team-a");
        }
    }

    [Fact]
    public void An_explicit_file_wins_over_KUBECONFIG_and_a_context_can_be_chosen()
    {
        var (credentials, contexts) = cp.WriteSplit(dir, "team-a");
        using var env = KubeconfigVariable.Set(contexts, credentials);

        var config = KubeConfig.Load(cp.KubeconfigPath);
        config.CurrentContext.ShouldBe("local");
        config.Host.ShouldStartWith(cp.ApiServerUrl.AbsoluteUri.TrimEnd('/'));
    }

    [Fact]
    public void Missing_files_and_contexts_are_named_in_the_error()
    {
        Should.Throw<KubeConfigException>(() => KubeConfig.Load(Path.Combine(dir, "nope"))).Message.ShouldContain(Path.Combine(dir, "nope"));
        Should.Throw<KubeConfigException>(() => KubeConfig.Load(cp.KubeconfigPath, "no-such-context")).Message.ShouldContain("no-such-context");

        using var env = KubeconfigVariable.Set(Path.Combine(dir, "gone-1"), Path.Combine(dir, "gone-2"));
        if (!KubernetesClientConfiguration.IsInCluster())
        {
            Should.Throw<KubeConfigException>(() => KubeConfig.Load()).Message.ShouldContain("names no existing file");
        }
    }

    [Fact]
    public async Task An_exec_credential_plugin_supplies_the_token()
    {
        var ct = Timeouts.Ct();
        var (kubeconfig, log) = cp.WriteExecPlugin(dir, "default");

        var config = KubeConfig.Load(kubeconfig); // the kubeconfig names no token: only the plugin can supply one
        (await FirstNamespaceAsync(config, ct)).ShouldNotBeNullOrEmpty();
        ControlPlaneKubeconfigs.Runs(log).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Client_certificate_authentication_works_and_no_credentials_are_refused_with_a_typed_reason()
    {
        var ct = Timeouts.Ct();
        var config = KubeConfig.Load(cp.KubeconfigCertPath);
        config.AccessToken.ShouldBeNull();
        config.ClientCertificateFilePath.ShouldNotBeNull();
        (await FirstNamespaceAsync(config, ct)).ShouldNotBeNullOrEmpty();

        var anonymous = KubeConfig.Load(cp.KubeconfigCertPath);
        anonymous.ClientCertificateFilePath = null;
        anonymous.ClientKeyFilePath = null;
        var e = await Should.ThrowAsync<KubeApiException>(() => FirstNamespaceAsync(anonymous, ct));
        e.Reason.ShouldBeOneOf(StatusReason.Forbidden, StatusReason.Unauthorized);
    }
}
