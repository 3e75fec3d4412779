using Rollouts.Kube;

namespace Rollouts.Kubectl.Cli;

/// <summary>Makes the API client for the global flags (the seam tests use to point at a local control plane).</summary>
internal interface IKubeClientFactory
{
    /// <summary>A client and the namespace to work in (flag, else the context's namespace).</summary>
    /// <exception cref="k8s.Exceptions.KubeConfigException">No usable kubeconfig.</exception>
    (IKubeClient Client, string Namespace) Create(GlobalOptions options);
}
