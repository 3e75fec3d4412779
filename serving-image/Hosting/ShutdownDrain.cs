using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// The drain on SIGTERM (or any host stop). When the host starts stopping, before the web server closes its listeners,
/// <see cref="StoppingAsync"/> sets <see cref="Draining"/> (so <c>/v2/health/ready</c> answers 503 and gRPC
/// ServerReady false at once) and waits <see cref="DrainOptions.Drain"/> while new and in-flight requests are still
/// served, so load balancers take the pod out before it stops accepting. Then the host stops Kestrel, which closes the
/// listeners and lets in-flight requests finish within the host's shutdown timeout (<see cref="DrainOptions.ShutdownTimeout"/>);
/// the process exits 0.
/// </summary>
/// <param name="options">The drain period.</param>
/// <param name="time">Clock of the wait.</param>
/// <param name="logger">Logs the start and end of the drain.</param>
public sealed partial class ShutdownDrain(DrainOptions options, TimeProvider time, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    private volatile bool draining;

    /// <summary>Whether the server is stopping: readiness is false from the moment the stop begins.</summary>
    public bool Draining => draining;

    /// <summary>Marks the server not ready and keeps it serving for the drain period (cut short when the host's shutdown timeout ends).</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        draining = true;
        LogDraining(options.DrainSeconds);
        try
        {
            await Task.Delay(options.Drain, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ended the drain early: stop now.
        }

        LogDrained();
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping: not ready, draining for {Seconds}s before closing the listeners")]
    private partial void LogDraining(int seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "drained: closing the listeners, finishing in-flight requests")]
    private partial void LogDrained();
}
