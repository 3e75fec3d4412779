using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rollouts.Kube;

/// <summary>
/// Gates work on leadership of a coordination.k8s.io/v1 Lease, elected by KubernetesClient's
/// <see cref="LeaderElector"/> with a <see cref="LeaseLock"/> (client-go semantics: a candidate takes the lease
/// when it is unheld, its own, or not renewed for the lease duration as seen on this replica's clock; updates are
/// conditional on resourceVersion). While this replica leads, the work runs with a token that is cancelled as soon as
/// the library stops leading (no renewal within the renew deadline, before the lease can expire for others), and the
/// runner waits for the work to end before it campaigns again. What the library lacks is added here: a failure
/// while acquiring (the API unreachable) is retried instead of ending the election, and on shutdown the lease is
/// released (holder emptied, duration 1 s) so another replica takes over at once rather than after the lease duration.
/// </summary>
public sealed partial class LeaderElectionRunner
{
    private readonly IKubernetes api;
    private readonly LeaderElectionOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly IRuntimeMetrics metrics;
    private readonly WriteFence fence;
    private volatile bool isLeader;
    private string? observedHolder;

    /// <summary>Creates the runner.</summary>
    /// <param name="api">The client the lease is read and written through.</param>
    /// <param name="options">Lease, identity and durations.</param>
    /// <param name="logger">Logger; null for none.</param>
    /// <param name="metrics">Where <c>leader_election_master_status</c> goes; null for nowhere.</param>
    /// <param name="time">Clock of the retry delay and the release's timestamps (the library's elector reads the system clock).</param>
    /// <param name="fence">
    /// Opened by each successful create or renew of the Lease and revoked when leadership ends; give the same fence to
    /// the client the work writes through (<see cref="KubeClient.Create"/>), built with
    /// <see cref="WriteFence.ForLease"/> and the <see cref="LeaderElectionOptions.RenewDeadline"/>. Null for none.
    /// </param>
    /// <exception cref="ArgumentException">Inconsistent durations (see <see cref="LeaderElectionOptions.Validate"/>).</exception>
    public LeaderElectionRunner(IKubernetes api, LeaderElectionOptions options, ILogger? logger = null, IRuntimeMetrics? metrics = null, TimeProvider? time = null, WriteFence? fence = null)
    {
        this.fence = fence ?? WriteFence.Unfenced;
        options.Validate();
        this.api = api;
        this.options = options;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        this.metrics = metrics ?? NullRuntimeMetrics.Instance;
        this.metrics.Leader(options.LeaseName, false);
    }

    /// <summary>This candidate's identity.</summary>
    public string Identity => options.Identity;

    /// <summary>True while this replica holds the lease and its work runs.</summary>
    public bool IsLeader => isLeader;

    /// <summary>The holder last seen on the lease (null before the first read).</summary>
    public string? ObservedHolder => Volatile.Read(ref observedHolder);

    /// <summary>
    /// Campaigns until <paramref name="ct"/> is cancelled: runs <paramref name="whileLeading"/> while this replica leads,
    /// with a token cancelled when leadership is lost or on shutdown, and campaigns again after a loss. Returns after
    /// the work has ended and the lease is released (when held and <see cref="LeaderElectionOptions.ReleaseOnCancel"/>).
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken ct)
    {
        var leaseLock = new FencedLock(new LeaseLock(api, options.LeaseNamespace, options.LeaseName, options.Identity), fence);
        using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });
        CancellationTokenSource? leading = null;
        Task? work = null;
        elector.OnStartedLeading += () =>
        {
            leading = CancellationTokenSource.CreateLinkedTokenSource(ct);
            isLeader = true;
            metrics.Leader(options.LeaseName, true);
            LogStartedLeading(logger, options.Identity, options.LeaseNamespace, options.LeaseName);
            var token = leading.Token;
            work = Task.Run(() => whileLeading(token), CancellationToken.None);
        };
        elector.OnStoppedLeading += () =>
        {
            fence.Revoke(); // no write from here on, whatever the work is still doing
            leading?.Cancel(); // stop acting at once; RunAsync waits for the work below
        };
        elector.OnNewLeader += holder => Volatile.Write(ref observedHolder, holder);
        elector.OnError += e => LogAttemptFailed(logger, options.Identity, options.LeaseName, e.Message);

        while (!ct.IsCancellationRequested)
        {
            var lost = false;
            try
            {
                await elector.RunUntilLeadershipLostAsync(ct).ConfigureAwait(false);

                // The library also returns (rather than throws) when the shutdown cancels a renewal in flight: that
                // is a shutdown, and the lease is released, not a loss.
                lost = !ct.IsCancellationRequested;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                // The library lets a failure to reach the API while acquiring end its loop: campaign again after a pause.
                LogAttemptFailed(logger, options.Identity, options.LeaseName, e.Message);
                await DelayAsync(options.RetryPeriod, ct).ConfigureAwait(false);
            }

            if (work is null)
            {
                continue;
            }

            await StopWorkAsync(leading!, work).ConfigureAwait(false);
            leading!.Dispose();
            (leading, work) = (null, null);
            if (lost)
            {
                LogLostLeadership(logger, options.Identity, options.LeaseName);
            }
            else if (options.ReleaseOnCancel)
            {
                await ReleaseAsync(leaseLock).ConfigureAwait(false);
            }
        }
    }

    private async Task StopWorkAsync(CancellationTokenSource leading, Task work)
    {
        await leading.CancelAsync().ConfigureAwait(false);
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException || leading.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogWorkFailed(logger, options.Identity, e);
        }

        fence.Revoke();
        isLeader = false;
        metrics.Leader(options.LeaseName, false);
    }

    // client-go's ReleaseOnCancel: an empty holder (the library's elector takes a lease whose holder is empty, but
    // not one whose holder is missing) and a 1 s duration, written conditionally on the resourceVersion just read.
    // A conflict (a renewal cut by the shutdown can still land on the server after the read) is read again and
    // retried while the lease is still ours, within the renew deadline.
    private async Task ReleaseAsync(ILock leaseLock)
    {
        const int attempts = 3;
        using var timeout = new CancellationTokenSource(options.RenewDeadline, time);
        try
        {
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                var record = await leaseLock.GetAsync(timeout.Token).ConfigureAwait(false);
                if (record?.HolderIdentity != options.Identity)
                {
                    return;
                }

                var now = time.GetUtcNow().UtcDateTime;
                var released = new LeaderElectionRecord
                {
                    HolderIdentity = "",
                    LeaseDurationSeconds = 1,
                    AcquireTime = now,
                    RenewTime = now,
                    LeaderTransitions = record.LeaderTransitions,
                };
                if (await leaseLock.UpdateAsync(released, timeout.Token).ConfigureAwait(false))
                {
                    LogReleased(logger, options.Identity, options.LeaseName);
                    return;
                }
            }

            LogAttemptFailed(logger, options.Identity, options.LeaseName, $"release: the lease kept changing ({attempts} attempts)");
        }
        catch (Exception e)
        {
            LogAttemptFailed(logger, options.Identity, options.LeaseName, "release: " + e.Message);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(30, LogLevel.Information, "{Identity} became leader of lease {Namespace}/{Lease}")]
    private static partial void LogStartedLeading(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(31, LogLevel.Warning, "{Identity} lost leadership of lease {Lease}: no renewal within the renew deadline")]
    private static partial void LogLostLeadership(ILogger logger, string identity, string lease);

    [LoggerMessage(32, LogLevel.Information, "{Identity} released lease {Lease}")]
    private static partial void LogReleased(ILogger logger, string identity, string lease);

    [LoggerMessage(33, LogLevel.Debug, "{Identity}: lease {Lease} attempt failed: {Message}")]
    private static partial void LogAttemptFailed(ILogger logger, string identity, string lease, string message);

    [LoggerMessage(34, LogLevel.Error, "{Identity}: leading work failed")]
    private static partial void LogWorkFailed(ILogger logger, string identity, Exception e);
}
