using System.Globalization;
using System.Text;
using k8s;

namespace Rollouts.Testing;

/// <summary>
/// Kubeconfig variants of the shared <see cref="ControlPlane"/>'s admin credentials, written into a folder of the test's:
/// one split across two files as a <c>KUBECONFIG</c> list, and one whose user is an exec credential plugin.
/// </summary>
public static class ControlPlaneKubeconfigs
{
    /// <summary>The context both variants make current.</summary>
    public const string Context = "split";

    /// <summary>
    /// Two files: <c>creds/config</c> holds the cluster (its CA as <c>certificate-authority: ca.crt</c>, relative to that
    /// file's folder) and the user (the admin token); <c>contexts/config</c>, in another folder, holds the contexts:
    /// <see cref="Context"/> (current, namespace <paramref name="ns"/>) and <c>elsewhere</c> (namespace <c>kube-system</c>).
    /// </summary>
    /// <returns>The two files, credentials first.</returns>
    public static (string Credentials, string Contexts) WriteSplit(this ControlPlane cp, string folder, string ns)
    {
        var creds = Directory.CreateDirectory(Path.Combine(folder, "creds")).FullName;
        var contexts = Directory.CreateDirectory(Path.Combine(folder, "contexts")).FullName;
        File.Copy(CaFile(cp), Path.Combine(creds, "ca.crt"), overwrite: true);
        var credentials = Path.Combine(creds, "config");
        File.WriteAllText(credentials, $"""
            {Clusters(cp, "ca.crt")}
            users:
            - name: admin
              user:
                token: {cp.AdminToken}
            """);
        var contextFile = Path.Combine(contexts, "config");
        File.WriteAllText(contextFile, $"""
            apiVersion: v1
            kind: Config
            contexts:
            - name: {Context}
              context: {"{"}cluster: local, user: admin, namespace: {ns}{"}"}
            - name: elsewhere
              context: {"{"}cluster: local, user: admin, namespace: kube-system{"}"}
            current-context: {Context}
            """);
        return (credentials, contextFile);
    }

    /// <summary>
    /// A kubeconfig whose user runs <c>get-token.sh</c> (an exec credential plugin, <c>client.authentication.k8s.io/v1beta1</c>)
    /// that prints an ExecCredential with the admin token and appends a line to <c>exec.log</c> per run.
    /// </summary>
    /// <returns>The kubeconfig and the plugin's log.</returns>
    public static (string Kubeconfig, string Log) WriteExecPlugin(this ControlPlane cp, string folder, string ns)
    {
        var dir = Directory.CreateDirectory(folder).FullName;
        var log = Path.Combine(dir, "exec.log");
        var script = Path.Combine(dir, "get-token.sh");
        var credential = $$$"""{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"{{{cp.AdminToken}}}"}}""";
        File.WriteAllText(script, $"#!/bin/sh\necho run >> '{log}'\necho '{credential}'\n", new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var kubeconfig = Path.Combine(dir, "config");
        File.WriteAllText(kubeconfig, $"""
            {Clusters(cp, CaFile(cp))}
            users:
            - name: plugin
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: {script}
            contexts:
            - name: {Context}
              context: {"{"}cluster: local, user: plugin, namespace: {ns}{"}"}
            current-context: {Context}
            """);
        return (kubeconfig, log);
    }

    /// <summary>How many times the plugin of <see cref="WriteExecPlugin"/> ran.</summary>
    public static int Runs(string log) => File.Exists(log) ? File.ReadAllLines(log).Length : 0;

    // The head of a kubeconfig naming the control plane as cluster "local" with the CA at caPath.
    private static string Clusters(ControlPlane cp, string caPath) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: {cp.ApiServerUrl.AbsoluteUri.TrimEnd('/')}
            certificate-authority: {caPath}
        """.TrimEnd();

    private static string CaFile(ControlPlane cp) =>
        KubernetesClientConfiguration.LoadKubeConfig(cp.KubeconfigPath).Clusters.Single().ClusterEndpoint.CertificateAuthority
            ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{cp.KubeconfigPath} names no CA file"));
}
