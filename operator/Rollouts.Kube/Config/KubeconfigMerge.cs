using k8s.KubeConfigModels;

namespace Rollouts.Kube;

/// <summary>
/// Merges kubeconfig files as kubectl merges the <c>$KUBECONFIG</c> list
/// (https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files):
/// the first file to name a cluster, user or context wins, the first non-empty current-context wins, and relative
/// file references (certificate-authority, client-certificate, client-key, an exec command with a path) resolve
/// against the folder of the file that holds them. KubernetesClient merges the list too, but only inside
/// <c>BuildDefaultConfig()</c>, which takes no context, fails on a missing file, and resolves every relative
/// reference against the first file's folder.
/// </summary>
public static class KubeconfigMerge
{
    /// <summary>The merge of <paramref name="files"/>, in precedence order (each loaded with its <see cref="K8SConfiguration.FileName"/> set).</summary>
    /// <exception cref="ArgumentException">No files.</exception>
    public static K8SConfiguration Merge(IEnumerable<K8SConfiguration> files)
    {
        var list = files.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("no kubeconfig files to merge", nameof(files));
        }

        var clusters = new Dictionary<string, Cluster>(StringComparer.Ordinal);
        var users = new Dictionary<string, User>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, Context>(StringComparer.Ordinal);
        string? current = null;
        foreach (var file in list)
        {
            var folder = string.IsNullOrEmpty(file.FileName) ? null : Path.GetDirectoryName(file.FileName);
            current ??= string.IsNullOrEmpty(file.CurrentContext) ? null : file.CurrentContext;
            foreach (var c in file.Clusters ?? [])
            {
                if (c.Name is { } name && !clusters.ContainsKey(name))
                {
                    if (c.ClusterEndpoint is { } e)
                    {
                        e.CertificateAuthority = Resolve(folder, e.CertificateAuthority);
                    }

                    clusters[name] = c;
                }
            }

            foreach (var u in file.Users ?? [])
            {
                if (u.Name is { } name && !users.ContainsKey(name))
                {
                    if (u.UserCredentials is { } creds)
                    {
                        creds.ClientCertificate = Resolve(folder, creds.ClientCertificate);
                        creds.ClientKey = Resolve(folder, creds.ClientKey);
                        if (creds.ExternalExecution is { Command: { } command } exec && command.Contains('/', StringComparison.Ordinal))
                        {
                            exec.Command = Resolve(folder, command);
                        }
                    }

                    users[name] = u;
                }
            }

            foreach (var c in file.Contexts ?? [])
            {
                if (c.Name is { } name)
                {
                    contexts.TryAdd(name, c);
                }
            }
        }

        return new K8SConfiguration
        {
            ApiVersion = list[0].ApiVersion,
            Kind = list[0].Kind,
            CurrentContext = current,
            Clusters = [.. clusters.Values],
            Users = [.. users.Values],
            Contexts = [.. contexts.Values],
            Preferences = list[0].Preferences,
            Extensions = list[0].Extensions,
        };
    }

    private static string? Resolve(string? folder, string? path) =>
        string.IsNullOrEmpty(path) || folder is null || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(folder, path));
}
