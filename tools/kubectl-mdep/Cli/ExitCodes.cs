namespace Rollouts.Kubectl.Cli;

/// <summary>Exit codes of kubectl-mdep, stable for CI scripts.</summary>
public static class ExitCodes
{
    /// <summary>Success; for <c>status --timeout</c>: the rollout ended Healthy.</summary>
    public const int Ok = 0;

    /// <summary>Bad command line (System.CommandLine's parse errors).</summary>
    public const int Usage = 1;

    /// <summary><c>status --timeout</c>: the rollout ended Degraded (rolled back or invalid spec).</summary>
    public const int Degraded = 2;

    /// <summary><c>status --timeout</c>: time ran out before the rollout ended.</summary>
    public const int TimedOut = 3;

    /// <summary>The ModelDeployment does not exist, the API refused the request, or the kubeconfig is unusable.</summary>
    public const int Error = 4;
}
