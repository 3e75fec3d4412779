using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rollouts.Kube;

/// <summary>
/// Runs informers on every replica and, while this replica leads (or always, without an elector), the controllers'
/// workers. Hosted as an <see cref="IHostedService"/>: stopping the host cancels in-flight reconciles through their
/// token, waits for them and releases the lease.
/// </summary>
public sealed partial class ControllerManager : BackgroundService
{
    private readonly ILogger logger;
    private volatile bool workersRunning;

    /// <summary>Creates the manager. Build the controllers (which registers their informer handlers) first.</summary>
    /// <param name="informers">The shared informers the controllers watch through.</param>
    /// <param name="controllers">The controllers to run.</param>
    /// <param name="elector">Leader election; null to run the workers unconditionally (single replica).</param>
    /// <param name="logger">Logger.</param>
    public ControllerManager(SharedInformers informers, IEnumerable<Controller> controllers, LeaderElectionRunner? elector = null, ILogger<ControllerManager>? logger = null)
    {
        Informers = informers;
        Controllers = [.. controllers];
        Elector = elector;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The shared informers.</summary>
    public SharedInformers Informers { get; }

    /// <summary>The controllers.</summary>
    public IReadOnlyList<Controller> Controllers { get; }

    /// <summary>The leader elector, when leader election is on.</summary>
    public LeaderElectionRunner? Elector { get; }

    /// <summary>True when every informer cache has synced (what /readyz reports).</summary>
    public bool IsReady => Informers.HasSynced;

    /// <summary>True while the controllers' workers run on this replica.</summary>
    public bool IsLeading => workersRunning;

    /// <summary>Runs until <paramref name="ct"/> is cancelled (see the class summary).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var informerTask = Task.Run(() => Informers.RunAsync(ct), CancellationToken.None);
        try
        {
            await Informers.WaitForSyncAsync(ct).ConfigureAwait(false);
            LogSynced(logger);
            if (Elector is null)
            {
                await RunWorkersAsync(ct).ConfigureAwait(false);
            }
            else
            {
                await Elector.RunAsync(RunWorkersAsync, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }

        await informerTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    private async Task RunWorkersAsync(CancellationToken ct)
    {
        workersRunning = true;
        LogWorkersStarted(logger, Controllers.Count);
        try
        {
            await Task.WhenAll(Controllers.Select(c => c.RunAsync(ct))).ConfigureAwait(false);
        }
        finally
        {
            workersRunning = false;
            LogWorkersStopped(logger);
        }
    }

    [LoggerMessage(40, LogLevel.Information, "informer caches synced")]
    private static partial void LogSynced(ILogger logger);

    [LoggerMessage(41, LogLevel.Information, "starting workers of {Count} controller(s)")]
    private static partial void LogWorkersStarted(ILogger logger, int count);

    [LoggerMessage(42, LogLevel.Information, "workers stopped")]
    private static partial void LogWorkersStopped(ILogger logger);
}
