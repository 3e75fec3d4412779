using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Rollouts.Kube;

/// <summary>
/// Resolves a <see cref="KubernetesClientConfiguration"/> as kubectl does, on KubernetesClient's kubeconfig resolution
/// (tokens, client certificates, CA files and data, exec credential plugins, in-cluster service account with token
/// rotation; files read by <see cref="KubeconfigFile"/>): an explicit kubeconfig file, else the files of
/// <c>$KUBECONFIG</c> merged (<see cref="KubeconfigMerge"/>), else <c>~/.kube/config</c>, else the in-cluster service
/// account; <c>context</c> picks a context instead of the current one. Errors are the library's <see cref="KubeConfigException"/> (messages name files and entries, never
/// credentials).
/// </summary>
public static class KubeConfig
{
    /// <summary>Loads the configuration.</summary>
    /// <param name="kubeconfig">An explicit kubeconfig file (<c>--kubeconfig</c>); null or empty for the default search.</param>
    /// <param name="context">A context name (<c>--context</c>); null for the current context.</param>
    /// <exception cref="KubeConfigException">The named file is missing or invalid, the context does not exist, or nothing usable was found.</exception>
    public static KubernetesClientConfiguration Load(string? kubeconfig = null, string? context = null)
    {
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFile.Load(kubeconfig), Context(context));
        }

        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(env))
        {
            // As kubectl: the list's files are merged, missing ones are skipped, ~/.kube/config is not consulted.
            var files = env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(File.Exists).ToList();
            if (files.Count > 0)
            {
                var merged = KubeconfigMerge.Merge(files.Select(KubeconfigFile.Load));
                return KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, Context(context));
            }
        }
        else if (File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFile.Load(KubernetesClientConfiguration.KubeConfigDefaultLocation), Context(context));
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            return context is null
                ? KubernetesClientConfiguration.InClusterConfig()
                : throw new KubeConfigException($"context {context} was asked for, but there is no kubeconfig (only the in-cluster service account)");
        }

        throw new KubeConfigException(
            $"no Kubernetes configuration: {(string.IsNullOrEmpty(env) ? $"KUBECONFIG is unset and {KubernetesClientConfiguration.KubeConfigDefaultLocation} does not exist" : $"KUBECONFIG ({env}) names no existing file")}, and this is not a pod (KUBERNETES_SERVICE_HOST is unset)");
    }

    private static string? Context(string? context) => string.IsNullOrEmpty(context) ? null : context;
}
