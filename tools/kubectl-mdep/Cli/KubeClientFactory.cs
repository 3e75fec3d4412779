using Rollouts.Kube;

namespace Rollouts.Kubectl.Cli;

/// <summary>
/// Resolves the configuration as kubectl does: <c>--kubeconfig</c>, else the first existing file of
/// <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>, else in-cluster; <c>--context</c> picks the context.
/// </summary>
internal sealed class KubeClientFactory : IKubeClientFactory
{
    public (IKubeClient Client, string Namespace) Create(GlobalOptions options)
    {
        var config = Load(options);
        var client = new KubeClient(config, new KubeClientOptions());
        return (client, options.Namespace is { Length: > 0 } ns ? ns : config.Namespace);
    }

    private static KubeClientConfiguration Load(GlobalOptions options)
    {
        if (options.Kubeconfig is { Length: > 0 } path)
        {
            return KubeConfigLoader.LoadFile(path, options.Context);
        }

        if (options.Context is null)
        {
            return KubeConfigLoader.LoadDefault();
        }

        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        var file = env?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(File.Exists)
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return KubeConfigLoader.LoadFile(file, options.Context);
    }
}
