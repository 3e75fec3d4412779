using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rollouts.Kube;

/// <summary>
/// A work queue fed by informer handlers plus workers that call an <see cref="IReconciler"/> (built with
/// <see cref="ControllerBuilder"/>). Result handling: normal return → Forget (and AddAfter for RequeueAfter);
/// exception → AddRateLimited (per-key exponential backoff); <see cref="TerminalReconcileException"/> → logged,
/// Forget, no retry. A key is never reconciled by two workers at once.
/// </summary>
public sealed class Controller
{
    private readonly IReconciler reconciler;
    private readonly ILogger logger;
    private readonly IRuntimeMetrics metrics;
    private readonly TimeProvider time;

    internal Controller(string name, WorkQueue queue, IReconciler reconciler, int workers, TimeProvider time, IRuntimeMetrics metrics, ILogger? logger)
    {
        Name = name;
        Queue = queue;
        this.reconciler = reconciler;
        Workers = workers;
        this.time = time;
        this.metrics = metrics;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The controller's name (used in metrics and logs).</summary>
    public string Name { get; }

    /// <summary>The controller's work queue (keys of the primary type).</summary>
    public WorkQueue Queue { get; }

    /// <summary>Number of concurrent workers.</summary>
    public int Workers { get; }

    /// <summary>
    /// Runs <see cref="Workers"/> workers until <paramref name="ct"/> is cancelled; in-flight reconciles see the
    /// cancellation through their token and the method returns once they have finished. The queue stays usable
    /// (keys keep accumulating) so workers can be started again, e.g. after leadership is regained.
    /// </summary>
    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => WorkerAsync(ct), CancellationToken.None)));

    /// <summary>Processes one key: waits for it, reconciles it and applies the result to the queue.</summary>
    /// <returns>False when the queue is shut down or <paramref name="ct"/> was cancelled while waiting.</returns>
    public async Task<bool> ProcessNextAsync(CancellationToken ct)
    {
        ObjectKey key;
        try
        {
            (key, var shutdown) = await Queue.GetAsync(ct).ConfigureAwait(false);
            if (shutdown)
            {
                return false;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        var started = time.GetTimestamp();
        try
        {
            var result = await reconciler.ReconcileAsync(key, ct).ConfigureAwait(false);
            Queue.Forget(key);
            if (result.Delay is { } delay)
            {
                Queue.AddAfter(key, delay);
                metrics.Reconcile(Name, "requeue_after", time.GetElapsedTime(started).TotalSeconds);
            }
            else
            {
                metrics.Reconcile(Name, "success", time.GetElapsedTime(started).TotalSeconds);
            }
        }
        catch (TerminalReconcileException e)
        {
            Queue.Forget(key);
            metrics.Reconcile(Name, "terminal_error", time.GetElapsedTime(started).TotalSeconds);
            ControllerLog.TerminalError(logger, Name, key.ToString(), e.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown or lost leadership: retry the key when workers run again.
            Queue.Add(key);
        }
        catch (Exception e)
        {
            var backoff = Queue.PeekBackoff(key);
            Queue.AddRateLimited(key);
            metrics.Reconcile(Name, "error", time.GetElapsedTime(started).TotalSeconds);
            ControllerLog.ReconcileFailed(logger, Name, key.ToString(), backoff.TotalSeconds, e);
        }
        finally
        {
            Queue.Done(key);
        }

        return true;
    }

    private async Task WorkerAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && await ProcessNextAsync(ct).ConfigureAwait(false))
        {
        }
    }
}
