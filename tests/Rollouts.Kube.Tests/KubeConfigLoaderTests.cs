using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rollouts.Kube.Tests;

public sealed class KubeConfigLoaderTests : IDisposable
{
    private const string Token = "s3cr3t-token-value-0123456789";
    private readonly string dir = Directory.CreateTempSubdirectory("kubeconfig-tests").FullName;
    private readonly string certPem;
    private readonly string keyPem;

    public KubeConfigLoaderTests()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=test-admin, O=system:masters", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        certPem = cert.ExportCertificatePem();
        keyPem = rsa.ExportPkcs8PrivateKeyPem();
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private string Write(string yaml, string name = "config")
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private string Config(string user, string cluster = "", string ns = "team-a", string current = "main") => $"""
        apiVersion: v1
        kind: Config
        current-context: {current}
        clusters:
        - name: c1
          cluster:
            server: https://10.1.2.3:6443
        {cluster}
        contexts:
        - name: main
          context: {"{"}cluster: c1, user: u1, namespace: {ns}{"}"}
        - name: other
          context: {"{"}cluster: c1, user: u1{"}"}
        users:
        - name: u1
          user:
        {user}
        """;

    [Fact]
    public void Token_namespace_and_inline_CA_are_read_from_the_current_context()
    {
        var path = Write(Config($"    token: {Token}", $"    certificate-authority-data: {B64(certPem)}").Replace("        cluster:\n", "        cluster:\n", StringComparison.Ordinal));
        var config = KubeConfigLoader.LoadFile(path);
        config.Server.ShouldBe(new Uri("https://10.1.2.3:6443"));
        config.Namespace.ShouldBe("team-a");
        config.Token.ShouldBe(Token);
        config.ClientCertificate.ShouldBeNull();
        config.ToString().ShouldNotContain(Token);
        KubeConfigLoader.LoadFile(path, "other").Namespace.ShouldBe("default");
    }

    [Fact]
    public void Client_certificate_and_key_are_read_from_data_or_from_files_relative_to_the_kubeconfig()
    {
        var fromData = KubeConfigLoader.LoadFile(Write(Config($"    client-certificate-data: {B64(certPem)}\n    client-key-data: {B64(keyPem)}")));
        fromData.ClientCertificate!.HasPrivateKey.ShouldBeTrue();
        fromData.ClientCertificate.Subject.ShouldContain("test-admin");

        File.WriteAllText(Path.Combine(dir, "admin.crt"), certPem);
        File.WriteAllText(Path.Combine(dir, "admin.key"), keyPem);
        File.WriteAllText(Path.Combine(dir, "ca.crt"), certPem);
        var fromFiles = KubeConfigLoader.LoadFile(Write(
            Config("    client-certificate: admin.crt\n    client-key: admin.key", "    certificate-authority: ca.crt").Replace("server: https://10.1.2.3:6443\n", "server: https://10.1.2.3:6443\n", StringComparison.Ordinal)));
        fromFiles.ClientCertificate!.Thumbprint.ShouldBe(fromData.ClientCertificate.Thumbprint);
    }

    [Fact]
    public void A_key_that_is_not_base64_is_refused_without_echoing_it()
    {
        const string secretKey = "THIS-IS-A-PRIVATE-KEY-NOT-BASE64!!";
        var e = Should.Throw<KubeConfigException>(() => KubeConfigLoader.LoadFile(Write(Config($"    client-certificate-data: {B64(certPem)}\n    client-key-data: {secretKey}"))));
        e.Message.ShouldContain("client-key-data is not valid base64");
        e.Message.ShouldNotContain(secretKey);
    }

    [Fact]
    public void A_key_that_is_not_PEM_is_refused_without_echoing_it()
    {
        var garbage = "-----BEGIN PRIVATE KEY-----\nnot-a-key-" + Token + "\n-----END PRIVATE KEY-----\n";
        var e = Should.Throw<KubeConfigException>(() => KubeConfigLoader.LoadFile(Write(Config($"    client-certificate-data: {B64(certPem)}\n    client-key-data: {B64(garbage)}"))));
        e.Message.ShouldContain("not a valid PEM");
        e.Message.ShouldNotContain(Token);
        e.InnerException.ShouldBeNull();
    }

    [Fact]
    public void Broken_yaml_reports_the_position_but_not_the_content()
    {
        var e = Should.Throw<KubeConfigException>(() => KubeConfigLoader.LoadFile(Write($"users:\n- name: u\n  user:\n    token: {Token}\n   bad: [unclosed\n")));
        e.Message.ShouldContain("line");
        e.Message.ShouldNotContain(Token);
    }

    [Theory]
    [InlineData("nowhere", "context 'nowhere' not found")]
    public void A_missing_context_is_named(string context, string expected) =>
        Should.Throw<KubeConfigException>(() => KubeConfigLoader.LoadFile(Write(Config($"    token: {Token}")), context)).Message.ShouldContain(expected);

    [Fact]
    public void Other_bad_files_give_clear_errors()
    {
        Should.Throw<KubeConfigException>(() => KubeConfigLoader.LoadFile(Path.Combine(dir, "missing"))).Message.ShouldContain("cannot be read");
        Should.Throw<KubeConfigException>(() => KubeConfigLoader.LoadFile(Write("", "empty"))).Message.ShouldContain("empty");
        Should.Throw<KubeConfigException>(() => KubeConfigLoader.LoadFile(Write(Config($"    token: {Token}", current: "")))).Message.ShouldContain("no current-context");
        Should.Throw<KubeConfigException>(() => KubeConfigLoader.LoadFile(Write(Config($"    client-certificate-data: {B64(certPem)}")))).Message.ShouldContain("without a key");
        Should.Throw<KubeConfigException>(() => KubeConfigLoader.LoadFile(Write(Config("    client-certificate: nope.crt\n    client-key: nope.key")))).Message.ShouldContain("nope.crt");
        var badServer = Config($"    token: {Token}").Replace("https://10.1.2.3:6443", "ftp://x", StringComparison.Ordinal);
        var e = Should.Throw<KubeConfigException>(() => KubeConfigLoader.LoadFile(Write(badServer)));
        e.Message.ShouldContain("server address");
        e.Message.ShouldNotContain(Token);
    }

    [Fact]
    public void In_cluster_reads_the_service_account_and_the_service_environment()
    {
        var sa = Directory.CreateDirectory(Path.Combine(dir, "sa")).FullName;
        File.WriteAllText(Path.Combine(sa, "token"), Token + "\n");
        File.WriteAllText(Path.Combine(sa, "ca.crt"), certPem);
        File.WriteAllText(Path.Combine(sa, "namespace"), "rollouts-system");
        var (host, port) = (Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"), Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"));
        try
        {
            Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", null);
            Should.Throw<KubeConfigException>(() => KubeConfigLoader.LoadInCluster(sa)).Message.ShouldContain("KUBERNETES_SERVICE_HOST");

            Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.0.0.1");
            Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", "443");
            var config = KubeConfigLoader.LoadInCluster(sa);
            config.Server.ShouldBe(new Uri("https://10.0.0.1:443"));
            config.Namespace.ShouldBe("rollouts-system");
            config.TokenFile.ShouldBe(Path.Combine(sa, "token"));
            config.Token.ShouldBeNull(); // read per request, so a rotated token is picked up
            config.CertificateAuthorities!.Count.ShouldBe(1);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", host);
            Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", port);
        }
    }
}
