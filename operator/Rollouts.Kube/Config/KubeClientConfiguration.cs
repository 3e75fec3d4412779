using System.Security.Cryptography.X509Certificates;

namespace Rollouts.Kube;

/// <summary>
/// Where the API server is and how to authenticate: the resolved form of a kubeconfig context or of the in-cluster
/// service account. Build it with <see cref="KubeConfigLoader"/>. <see cref="ToString"/> never shows secrets.
/// </summary>
public sealed class KubeClientConfiguration
{
    /// <summary>API server base address, e.g. <c>https://127.0.0.1:6443</c>.</summary>
    public required Uri Server { get; init; }

    /// <summary>Default namespace (context namespace, or the service account's); "default" when none.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Static bearer token.</summary>
    public string? Token { get; init; }

    /// <summary>File holding a bearer token, re-read when it may have rotated (at most every <see cref="TokenFileRefresh"/>).</summary>
    public string? TokenFile { get; init; }

    /// <summary>How often <see cref="TokenFile"/> is re-read (default 1 minute; projected tokens rotate hourly).</summary>
    public TimeSpan TokenFileRefresh { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Client certificate with its private key, for TLS client authentication.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Trust anchors for the server certificate (custom root trust); null = the system store.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    /// <summary>Skip server certificate verification (insecure; for development only).</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>Where this configuration came from (file and context, or "in-cluster"), for messages.</summary>
    public string Source { get; init; } = "";

    /// <inheritdoc />
    public override string ToString() =>
        $"{Server} (namespace {Namespace}, auth {(Token is not null ? "token" : TokenFile is not null ? "token file" : ClientCertificate is not null ? "client certificate" : "none")}, from {Source})";
}
