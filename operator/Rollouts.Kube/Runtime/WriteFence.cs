namespace Rollouts.Kube;

/// <summary>
/// Whether this replica may write to the API server now. Without leader election (<see cref="Unfenced"/>) it always
/// may. With it (<see cref="ForLease"/>), only while its leadership is fresh: the last Lease create or renew that
/// succeeded was <em>sent</em> less than <c>validFor</c> ago (the RenewDeadline, shorter than the LeaseDuration other
/// replicas wait before they take the Lease over), measured on the monotonic clock of the injected
/// <see cref="TimeProvider"/>. A replica that was frozen (SIGSTOP, a long GC pause, a starved node) or cut off from
/// the API server therefore stops writing by itself before another replica can lead — it does not need to see the
/// Lease taken first, which it can only do after it has run again. Client-go leaves this to the process (it exits on
/// a lost lease); we fence every mutating request (see <see cref="WriteFenceHandler"/>).
/// </summary>
public sealed class WriteFence
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _validFor;
    private readonly bool _fenced;
    private long _grantedAt;
    private int _granted;

    private WriteFence(TimeProvider time, TimeSpan validFor, bool fenced)
    {
        _time = time;
        _validFor = validFor;
        _fenced = fenced;
    }

    /// <summary>A fence that never closes (no leader election: the only replica always writes).</summary>
    public static WriteFence Unfenced { get; } = new(TimeProvider.System, TimeSpan.Zero, fenced: false);

    /// <summary>A fence opened by renewals of a Lease, each valid for <paramref name="validFor"/> from when it was sent.</summary>
    public static WriteFence ForLease(TimeSpan validFor, TimeProvider time) => new(time, validFor, fenced: true);

    /// <summary>True when a mutating request may be sent now.</summary>
    public bool AllowsWrites =>
        !_fenced || (Volatile.Read(ref _granted) == 1 && _time.GetElapsedTime(Interlocked.Read(ref _grantedAt)) < _validFor);

    /// <summary>A timestamp (<see cref="TimeProvider.GetTimestamp"/>) to take just before sending a Lease create or renew.</summary>
    public long Now() => _time.GetTimestamp();

    /// <summary>The Lease create or renew sent at <paramref name="sentAt"/> succeeded: writes are allowed until <c>sentAt + validFor</c>.</summary>
    public void Renewed(long sentAt)
    {
        if (!_fenced)
        {
            return; // Unfenced is shared: it keeps no state
        }

        Interlocked.Exchange(ref _grantedAt, sentAt);
        Volatile.Write(ref _granted, 1);
    }

    /// <summary>Leadership ended (lost or released): writes are refused at once.</summary>
    public void Revoke()
    {
        if (_fenced)
        {
            Volatile.Write(ref _granted, 0);
        }
    }
}
