using Rollouts.Kube;

namespace Rollouts.Kubectl.Cli;

/// <summary>
/// Resolves the configuration as kubectl does (<see cref="KubeConfig"/>): <c>--kubeconfig</c>, else the files of
/// <c>$KUBECONFIG</c> merged, else <c>~/.kube/config</c>, else in-cluster; <c>--context</c> picks the context; exec
/// credential plugins run as the kubeconfig says.
/// </summary>
internal sealed class KubeClientFactory : IKubeClientFactory
{
    /// <summary>The field manager of the plugin's writes (it only merge-patches the action annotation).</summary>
    public const string FieldManager = "kubectl-mdep";

    public (IKubeClient Client, string Namespace) Create(GlobalOptions options)
    {
        var config = KubeConfig.Load(options.Kubeconfig, options.Context);
        var client = KubeClient.Create(config, new KubeClientOptions { FieldManager = FieldManager });
        var ns = options.Namespace is { Length: > 0 } n ? n : config.Namespace is { Length: > 0 } c ? c : "default";
        return (client, ns);
    }
}
