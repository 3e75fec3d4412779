namespace Rollouts.Kube;

/// <summary>A kubeconfig or in-cluster configuration that cannot be used. The message names the file and the
/// offending entry, never a token or key material.</summary>
public sealed class KubeConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KubeConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the underlying cause (whose message must not carry secrets either).</summary>
    public KubeConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
