using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rollouts.Kube;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease with client-go semantics. A candidate acquires the lease when
/// it is unheld, held by itself, or when its holder has not renewed for <see cref="LeaderElectionOptions.LeaseDuration"/>
/// as observed on this replica's own clock (no cross-machine clock comparison). Updates are conditional on
/// resourceVersion, so two candidates cannot both win. The leader renews every RetryPeriod; when no renewal
/// succeeds for <see cref="LeaderElectionOptions.RenewDeadline"/> it cancels the leading token (and waits for the
/// work to stop) before the lease could expire for others. On cancellation it releases the lease.
/// </summary>
public sealed partial class LeaderElector
{
    private readonly IKubeClient client;
    private readonly LeaderElectionOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly IRuntimeMetrics metrics;
    private LeaseSpec? observed;
    private string? observedResourceVersion;
    private long observedAt;
    private volatile bool isLeader;

    /// <summary>Creates an elector.</summary>
    /// <exception cref="ArgumentException">Inconsistent durations (see <see cref="LeaderElectionOptions.Validate"/>).</exception>
    public LeaderElector(IKubeClient client, LeaderElectionOptions options, TimeProvider? time = null, ILogger? logger = null, IRuntimeMetrics? metrics = null)
    {
        options.Validate();
        this.client = client;
        this.options = options;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        this.metrics = metrics ?? NullRuntimeMetrics.Instance;
        this.metrics.Leader(options.LeaseName, false);
    }

    /// <summary>This candidate's identity.</summary>
    public string Identity => options.Identity;

    /// <summary>True while this replica holds the lease and its leading work runs.</summary>
    public bool IsLeader => isLeader;

    /// <summary>The holder last observed on the lease (null when unknown or released).</summary>
    public string? ObservedHolder => observed?.HolderIdentity;

    /// <summary>
    /// Campaigns until <paramref name="ct"/> is cancelled: acquires the lease, runs <paramref name="whileLeading"/>
    /// with a token cancelled when leadership is lost or on shutdown, and campaigns again after a loss.
    /// Returns after releasing the lease (when held) on cancellation.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (!await AcquireAsync(ct).ConfigureAwait(false))
            {
                return;
            }

            using var leading = CancellationTokenSource.CreateLinkedTokenSource(ct);
            isLeader = true;
            metrics.Leader(options.LeaseName, true);
            LogStartedLeading(logger, options.Identity, options.LeaseNamespace, options.LeaseName);
            var work = Task.Run(() => whileLeading(leading.Token), CancellationToken.None);
            var lost = await RenewLoopAsync(work, ct).ConfigureAwait(false);

            // Stop leading work before anything else: the lease may only expire for others after this.
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

            isLeader = false;
            metrics.Leader(options.LeaseName, false);
            if (lost)
            {
                LogLostLeadership(logger, options.Identity, options.LeaseName);
            }
            else if (options.ReleaseOnCancel)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
        }
    }

    // Returns false when cancelled before acquiring.
    private async Task<bool> AcquireAsync(CancellationToken ct)
    {
        while (true)
        {
            if (await TryAcquireOrRenewAsync(ct).ConfigureAwait(false))
            {
                return true;
            }

            try
            {
                await Task.Delay(Jitter(options.RetryPeriod), time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    // Renews until the deadline is missed (returns true: lost) or ct is cancelled / the work ends (returns false).
    private async Task<bool> RenewLoopAsync(Task work, CancellationToken ct)
    {
        var lastRenew = time.GetTimestamp();
        while (!ct.IsCancellationRequested && !work.IsCompleted)
        {
            try
            {
                await Task.WhenAny(work, Task.Delay(options.RetryPeriod, time, ct)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            if (ct.IsCancellationRequested || work.IsCompleted)
            {
                return false;
            }

            var left = options.RenewDeadline - time.GetElapsedTime(lastRenew);
            if (left > TimeSpan.Zero)
            {
                using var attempt = new CancellationTokenSource(left, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, attempt.Token);
                if (await TryAcquireOrRenewAsync(linked.Token).ConfigureAwait(false))
                {
                    lastRenew = time.GetTimestamp();
                    continue;
                }
            }

            if (time.GetElapsedTime(lastRenew) >= options.RenewDeadline)
            {
                return !ct.IsCancellationRequested;
            }
        }

        return false;
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken ct)
    {
        try
        {
            var now = time.GetUtcNow();
            var lease = await client.GetAsync<Lease>(options.LeaseNamespace, options.LeaseName, ct).ConfigureAwait(false);
            if (lease is null)
            {
                var created = await client.CreateAsync(new Lease
                {
                    Metadata = new ObjectMeta { Name = options.LeaseName, Namespace = options.LeaseNamespace },
                    Spec = NewSpec(now, null),
                }, ct).ConfigureAwait(false);
                Observe(created);
                return true;
            }

            if (observedResourceVersion != lease.Metadata.ResourceVersion)
            {
                Observe(lease);
            }

            var holder = lease.Spec.HolderIdentity;
            var duration = TimeSpan.FromSeconds(lease.Spec.LeaseDurationSeconds ?? (int)options.LeaseDuration.TotalSeconds);
            if (!string.IsNullOrEmpty(holder) && holder != options.Identity && time.GetElapsedTime(observedAt) < duration)
            {
                return false; // held by someone else and not expired
            }

            lease.Spec = NewSpec(now, lease.Spec);
            var updated = await client.ReplaceAsync(lease, ct).ConfigureAwait(false);
            Observe(updated);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e)
        {
            LogAttemptFailed(logger, options.Identity, options.LeaseName, e.Message);
            return false;
        }
    }

    private LeaseSpec NewSpec(DateTimeOffset now, LeaseSpec? previous)
    {
        var ours = previous?.HolderIdentity == options.Identity;
        return new LeaseSpec
        {
            HolderIdentity = options.Identity,
            LeaseDurationSeconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds),
            AcquireTime = ours ? previous!.AcquireTime : now,
            RenewTime = now,
            LeaseTransitions = previous is null ? 0 : ours ? previous.LeaseTransitions : (previous.LeaseTransitions ?? 0) + 1,
        };
    }

    private void Observe(Lease lease)
    {
        observed = lease.Spec;
        observedResourceVersion = lease.Metadata.ResourceVersion;
        observedAt = time.GetTimestamp();
    }

    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(options.RenewDeadline, time);
        try
        {
            var lease = await client.GetAsync<Lease>(options.LeaseNamespace, options.LeaseName, timeout.Token).ConfigureAwait(false);
            if (lease is null || lease.Spec.HolderIdentity != options.Identity)
            {
                return;
            }

            var now = time.GetUtcNow();
            lease.Spec = new LeaseSpec
            {
                HolderIdentity = null,
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaseTransitions = lease.Spec.LeaseTransitions,
            };
            Observe(await client.ReplaceAsync(lease, timeout.Token).ConfigureAwait(false));
            LogReleased(logger, options.Identity, options.LeaseName);
        }
        catch (Exception e)
        {
            LogAttemptFailed(logger, options.Identity, options.LeaseName, "release: " + e.Message);
        }
    }

    private static TimeSpan Jitter(TimeSpan period) => period * (1 + (Random.Shared.NextDouble() * 0.2));

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
