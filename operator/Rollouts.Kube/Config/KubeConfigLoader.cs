using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Rollouts.Kube;

/// <summary>
/// Resolves a <see cref="KubeClientConfiguration"/> from a kubeconfig file (current or named context: server,
/// namespace, token / tokenFile, client certificate and key as data or file, CA as data or file,
/// insecure-skip-tls-verify) or from the in-cluster service account. Errors are <see cref="KubeConfigException"/>
/// with messages that name the file and entry but never contain a token or key material.
/// </summary>
public static class KubeConfigLoader
{
    /// <summary>The service-account folder mounted into pods.</summary>
    public const string ServiceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>
    /// The default configuration: <c>$KUBECONFIG</c> (first existing file of the colon-separated list), else
    /// <c>~/.kube/config</c>, else in-cluster.
    /// </summary>
    /// <exception cref="KubeConfigException">Nothing usable found, or the chosen source is invalid.</exception>
    public static KubeClientConfiguration LoadDefault()
    {
        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(env))
        {
            var file = env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(File.Exists);
            if (file is not null)
            {
                return LoadFile(file);
            }
        }

        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (File.Exists(home))
        {
            return LoadFile(home);
        }

        if (Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is { Length: > 0 })
        {
            return LoadInCluster();
        }

        throw new KubeConfigException("no Kubernetes configuration: KUBECONFIG is unset or names no file, ~/.kube/config does not exist, and KUBERNETES_SERVICE_HOST is unset (not in a cluster)");
    }

    /// <summary>Loads a kubeconfig file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="context">Context name; null = the file's current-context.</param>
    /// <exception cref="KubeConfigException">Missing/unreadable file, bad YAML, missing context/cluster/user, bad base64 or PEM.</exception>
    public static KubeClientConfiguration LoadFile(string path, string? context = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"kubeconfig {path}: cannot be read ({e.GetType().Name})");
        }

        return Parse(text, path, context);
    }

    /// <summary>Parses kubeconfig text; relative file references resolve against the folder of <paramref name="sourcePath"/>.</summary>
    /// <exception cref="KubeConfigException">Invalid content (see <see cref="LoadFile"/>).</exception>
    public static KubeClientConfiguration Parse(string yaml, string sourcePath, string? context = null)
    {
        KubeConfigFile? file;
        try
        {
            file = new DeserializerBuilder().IgnoreUnmatchedProperties().Build().Deserialize<KubeConfigFile>(yaml);
        }
        catch (YamlException e)
        {
            // The parser's message may quote content; only the position is reported.
            throw new KubeConfigException($"kubeconfig {sourcePath}: not a valid kubeconfig (YAML error at line {e.Start.Line}, column {e.Start.Column})");
        }

        if (file is null)
        {
            throw new KubeConfigException($"kubeconfig {sourcePath}: the file is empty");
        }

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? ".";
        var contextName = context ?? file.CurrentContext;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubeConfigException($"kubeconfig {sourcePath}: no current-context and no context was named");
        }

        var ctx = file.Contexts?.FirstOrDefault(c => c.Name == contextName)?.Context
            ?? throw new KubeConfigException($"kubeconfig {sourcePath}: context '{contextName}' not found");
        var cluster = file.Clusters?.FirstOrDefault(c => c.Name == ctx.Cluster)?.Cluster
            ?? throw new KubeConfigException($"kubeconfig {sourcePath}: cluster '{ctx.Cluster}' of context '{contextName}' not found");
        var user = string.IsNullOrEmpty(ctx.User)
            ? new UserEntry()
            : file.Users?.FirstOrDefault(u => u.Name == ctx.User)?.User
              ?? throw new KubeConfigException($"kubeconfig {sourcePath}: user '{ctx.User}' of context '{contextName}' not found");

        if (string.IsNullOrEmpty(cluster.Server) || !Uri.TryCreate(cluster.Server, UriKind.Absolute, out var server)
            || (server.Scheme != "https" && server.Scheme != "http"))
        {
            throw new KubeConfigException($"kubeconfig {sourcePath}: cluster '{ctx.Cluster}' has no valid http(s) server address");
        }

        var where = $"kubeconfig {sourcePath}";
        var caPem = ReadDataOrFile(cluster.CertificateAuthorityData, cluster.CertificateAuthority, baseDir, $"{where}: cluster '{ctx.Cluster}' certificate-authority");
        var certPem = ReadDataOrFile(user.ClientCertificateData, user.ClientCertificate, baseDir, $"{where}: user '{ctx.User}' client-certificate");
        var keyPem = ReadDataOrFile(user.ClientKeyData, user.ClientKey, baseDir, $"{where}: user '{ctx.User}' client-key");
        if ((certPem is null) != (keyPem is null))
        {
            throw new KubeConfigException($"{where}: user '{ctx.User}' has a client certificate without a key or a key without a certificate");
        }

        string? tokenFile = null;
        if (!string.IsNullOrEmpty(user.TokenFile))
        {
            tokenFile = Path.GetFullPath(user.TokenFile, baseDir);
            if (!File.Exists(tokenFile))
            {
                throw new KubeConfigException($"{where}: user '{ctx.User}' tokenFile {tokenFile} does not exist");
            }
        }

        return new KubeClientConfiguration
        {
            Server = server,
            Namespace = string.IsNullOrEmpty(ctx.Namespace) ? "default" : ctx.Namespace,
            Token = string.IsNullOrEmpty(user.Token) ? null : user.Token,
            TokenFile = tokenFile,
            ClientCertificate = certPem is null ? null : LoadClientCertificate(certPem, keyPem!, $"{where}: user '{ctx.User}'"),
            CertificateAuthorities = caPem is null ? null : LoadAuthorities(caPem, $"{where}: cluster '{ctx.Cluster}' certificate-authority"),
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            Source = $"{sourcePath} (context {contextName})",
        };
    }

    /// <summary>
    /// The in-cluster configuration: <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c>, the
    /// service-account token (re-read when it rotates), CA and namespace under <paramref name="serviceAccountPath"/>.
    /// </summary>
    /// <exception cref="KubeConfigException">Not in a cluster (variables unset) or the token/CA files are missing.</exception>
    public static KubeClientConfiguration LoadInCluster(string serviceAccountPath = ServiceAccountPath)
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeConfigException("in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set (not running in a pod?)");
        }

        var tokenFile = Path.Combine(serviceAccountPath, "token");
        var caFile = Path.Combine(serviceAccountPath, "ca.crt");
        var nsFile = Path.Combine(serviceAccountPath, "namespace");
        if (!File.Exists(tokenFile))
        {
            throw new KubeConfigException($"in-cluster configuration: service-account token {tokenFile} does not exist");
        }

        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host; // IPv6 literal
        return new KubeClientConfiguration
        {
            Server = new Uri($"https://{hostPart}:{port}"),
            Namespace = File.Exists(nsFile) ? File.ReadAllText(nsFile).Trim() : "default",
            TokenFile = tokenFile,
            CertificateAuthorities = File.Exists(caFile) ? LoadAuthorities(File.ReadAllText(caFile), $"in-cluster configuration: {caFile}") : null,
            Source = "in-cluster",
        };
    }

    private static string? ReadDataOrFile(string? data, string? file, string baseDir, string what)
    {
        if (!string.IsNullOrEmpty(data))
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException)
            {
                throw new KubeConfigException($"{what}-data is not valid base64");
            }
        }

        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        var full = Path.GetFullPath(file, baseDir);
        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"{what} file {full} cannot be read ({e.GetType().Name})");
        }
    }

    private static X509Certificate2 LoadClientCertificate(string certPem, string keyPem, string what)
    {
        try
        {
            return X509Certificate2.CreateFromPem(certPem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // The cryptography message never quotes the PEM, but keep ours fixed anyway.
            throw new KubeConfigException($"{what}: client certificate and key are not a valid PEM certificate/private-key pair");
        }
    }

    private static X509Certificate2Collection LoadAuthorities(string pem, string what)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new KubeConfigException($"{what} is not valid PEM");
        }

        if (collection.Count == 0)
        {
            throw new KubeConfigException($"{what} holds no PEM certificate");
        }

        return collection;
    }
}
