using Microsoft.Extensions.Logging;
using Rollouts.Analysis;
using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Notifications;
using Rollouts.Operator.Host;
using Rollouts.Operator.Planning;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// The thin ModelDeployment reconciler: read the object and its children (informer caches) into a
/// <see cref="RolloutSnapshot"/> → run the pass (<see cref="RolloutPass"/>: plan, render, apply what differs from the
/// cache, verify traffic, plan again while it changed, delete what the plan dropped; writes through
/// <see cref="ApiPassEffects"/>) → ONE status write (a refused write reported in it, see <see cref="ApplyFailures"/>) →
/// record events, only once that write succeeded. Analysis rounds are measured off the reconcile workers
/// (<see cref="MeasurementWorker"/>).
/// </summary>
public sealed partial class ModelDeploymentReconciler(
    SharedInformers informers,
    IKubeClient client,
    IAnalysisRunner analysis,
    IEventRecorder events,
    IRolloutMetrics metrics,
    ReconcilerSettings settings,
    TimeProvider time,
    ILogger<ModelDeploymentReconciler> logger,
    IRolloutNotifier? notifier = null) : IReconciler, IDisposable
{
    /// <summary>Event reason when the router cannot set the weight.</summary>
    public const string TrafficRoutingFailed = "TrafficRoutingFailed";

    private static readonly TimeSpan EventGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StaleRetry = TimeSpan.FromSeconds(1);
    private readonly ApplyFailures failures = new();
    private readonly Parts parts = Parts.Create(informers, client, settings, analysis, time);

    /// <summary>The caches children are read from (and the HTTPRoute watch; <see cref="RolloutControllers.Build"/> attaches the queues).</summary>
    public ChildCache Children => parts.Children;

    /// <summary>Analysis rounds, measured off the reconcile workers; a completed round enqueues its ModelDeployment.</summary>
    private MeasurementWorker Measurements => parts.Measurements;

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var informerNs = settings.WatchAllNamespaces ? null : key.Namespace;
        var cached = informers.Get<ModelDeployment>(informerNs).Get(key);
        if (cached is null)
        {
            metrics.Forget(key.Namespace ?? "", key.Name);
            Measurements.Forget(key.Namespace ?? "", key.Name);
            failures.Forget(key);
            parts.Actions.Confirm(key);
            parts.Stale.Forget(key);
            return ReconcileResult.Done;
        }

        // Read from the cache, unless it does not show our own last write yet: planning from an older status would redo
        // steps. Then no request: the watch event of that write enqueues the object (the requeue is a safety net).
        // The status write is conditional on the resourceVersion read here.
        if (parts.Stale.IsStale(key, cached.Metadata.ResourceVersion))
        {
            return ReconcileResult.RequeueAfter(StaleRetry);
        }

        if (cached.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var mdep = cached.Clone(); // the cache's objects are shared, and the pass changes this one
        mdep.Spec ??= new ModelDeploymentSpec();
        var ns = mdep.Metadata.NamespaceProperty ?? "";
        var name = mdep.Metadata.Name ?? "";

        var (taken, action) = await parts.Actions.TakeAsync(key, mdep, ct).ConfigureAwait(false);
        if (!taken)
        {
            return ReconcileResult.RequeueAfter(TimeSpan.FromMilliseconds(200));
        }

        var (snapshot, render, router) = await parts.Reader.ReadAsync(mdep, action, ct).ConfigureAwait(false);
        var effects = new ApiPassEffects(client, Children, Measurements, render, router);
        var (plan, passEvents, refused) = await RolloutPass.RunAsync(snapshot, render, effects, time.GetUtcNow(), ct).ConfigureAwait(false);
        var recorded = passEvents.ToList();

        var reported = failures.Report(key, mdep.Status ?? new ModelDeploymentStatus(), plan.Status, refused, time.GetUtcNow(), snapshot.Generation, out var warning, out var retry);
        plan = plan with { Status = reported, RequeueAfter = retry ?? plan.RequeueAfter };
        if (warning is not null)
        {
            recorded.Add(warning);
        }

        try
        {
            if (await StatusPatch.WriteAsync(client, mdep, plan.Status, ct).ConfigureAwait(false))
            {
                parts.Stale.WroteFrom(key, mdep.Metadata.ResourceVersion);
            }
        }
        catch (KubeApiException e) when (e.Reason == StatusReason.Conflict)
        {
            // Changed since read (a spec edit or an action): plan again from the fresh object, once the cache shows it.
            // No Event: the pass that writes the transition records it.
            parts.Stale.WroteFrom(key, mdep.Metadata.ResourceVersion);
            return ReconcileResult.RequeueAfter(TimeSpan.FromMilliseconds(100));
        }

        // Only now is what the events and metrics tell in status, and the action (if any) reflected there.
        parts.Actions.Confirm(key);
        if (plan.Rollback is { } rb)
        {
            metrics.Rollback(rb.Reason, rb.TrafficSeconds);
        }

        // The status is written: its events follow even when shutdown (or a lost Lease) began meanwhile, within 5 s.
        using var recording = new CancellationTokenSource(EventGrace, time);
        foreach (var e in recorded)
        {
            await events.RecordAsync(mdep, e.Warning ? EventType.Warning : EventType.Normal, e.Reason, e.Message, recording.Token).ConfigureAwait(false);
            notifier?.Publish(TransitionNotification.Of(mdep, plan.Status, e, time.GetUtcNow())); // queued for the sinks; never blocks the pass
        }

        metrics.Observe(ns, name, plan.Status.Phase ?? RolloutPhase.Pending, plan.Status.CanaryWeight ?? 0);
        Log.Reconciled(logger, key.ToString(), plan.Status.Phase?.ToString() ?? "", plan.Status.Message ?? "");
        return plan.RequeueAfter is { } after ? ReconcileResult.RequeueAfter(after) : ReconcileResult.Done;
    }

    /// <inheritdoc />
    public void Dispose() => Measurements.Dispose();

    /// <summary>The reconciler's collaborators, built together (a field initializer cannot use another field).</summary>
    private sealed record Parts(ChildCache Children, MeasurementWorker Measurements, SnapshotReader Reader, StaleGuard Stale, PendingActions Actions)
    {
        public static Parts Create(SharedInformers informers, IKubeClient client, ReconcilerSettings settings, IAnalysisRunner analysis, TimeProvider time)
        {
            var cache = new ChildCache(informers, settings);
            var worker = new MeasurementWorker(analysis, time, settings.AnalysisRoundTimeout, settings.AnalysisRoundsInFlight, t => cache.Wake(t.Namespace, t.DeploymentName));
            var stale = new StaleGuard();
            return new Parts(cache, worker, new SnapshotReader(informers, client, cache, settings), stale, new PendingActions(client, stale));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "reconciled {Key}: {Phase} {Message}")]
        public static partial void Reconciled(ILogger logger, string key, string phase, string message);
    }
}
