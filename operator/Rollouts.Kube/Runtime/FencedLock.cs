using k8s.LeaderElection;

namespace Rollouts.Kube;

/// <summary>
/// A Lease lock (k8s.LeaderElection's <see cref="ILock"/>) that tells a <see cref="WriteFence"/> about every create or
/// renew of the record that succeeded, with the time the request was sent (never later than the server saw it).
/// </summary>
/// <param name="inner">The lock (a <c>LeaseLock</c>).</param>
/// <param name="fence">The fence opened by successful writes of the record.</param>
public sealed class FencedLock(ILock inner, WriteFence fence) : ILock
{
    /// <inheritdoc />
    public string Identity => inner.Identity;

    /// <inheritdoc />
    public Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default) => inner.GetAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        var sentAt = fence.Now();
        var ok = await inner.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        Granted(ok, record, sentAt);
        return ok;
    }

    /// <inheritdoc />
    public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        var sentAt = fence.Now();
        var ok = await inner.UpdateAsync(record, cancellationToken).ConfigureAwait(false);
        Granted(ok, record, sentAt);
        return ok;
    }

    /// <inheritdoc />
    public string Describe() => inner.Describe();

    private void Granted(bool ok, LeaderElectionRecord record, long sentAt)
    {
        if (ok && record.HolderIdentity == inner.Identity)
        {
            fence.Renewed(sentAt);
        }
        else if (ok)
        {
            fence.Revoke(); // a release (holder cleared) or a record naming someone else
        }
    }
}
