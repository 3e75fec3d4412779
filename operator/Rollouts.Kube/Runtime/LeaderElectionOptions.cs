namespace Rollouts.Kube;

/// <summary>Leader election on a coordination.k8s.io/v1 Lease (client-go's defaults), see <see cref="LeaderElectionRunner"/>.</summary>
public sealed record LeaderElectionOptions
{
    /// <summary>Lease name, e.g. <c>model-rollouts-operator</c>.</summary>
    public required string LeaseName { get; init; }

    /// <summary>Lease namespace.</summary>
    public required string LeaseNamespace { get; init; }

    /// <summary>This replica's identity (pod name plus a random suffix is usual).</summary>
    public required string Identity { get; init; }

    /// <summary>How long non-leaders wait after the last observed renewal before taking over. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it stops leading. Default 10 s; must be shorter
    /// than <see cref="LeaseDuration"/> so the old leader stops before anyone else may take over.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval between acquire/renew attempts. Default 2 s.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On graceful shutdown, release the lease (clear holderIdentity, duration 1 s) so another replica takes over at once. Default true.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>Checks the durations' order.</summary>
    /// <exception cref="ArgumentException">RenewDeadline not shorter than LeaseDuration, or RetryPeriod not shorter than RenewDeadline.</exception>
    public void Validate()
    {
        if (RenewDeadline >= LeaseDuration)
        {
            throw new ArgumentException($"leader election: renew deadline {RenewDeadline} must be shorter than lease duration {LeaseDuration}");
        }

        if (RetryPeriod >= RenewDeadline)
        {
            throw new ArgumentException($"leader election: retry period {RetryPeriod} must be shorter than renew deadline {RenewDeadline}");
        }
    }
}
