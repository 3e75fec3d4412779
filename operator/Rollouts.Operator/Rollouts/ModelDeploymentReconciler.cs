using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Rollouts.Analysis;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using Rollouts.Kube;
using Rollouts.Notifications;
using Rollouts.Operator.Controls;
using Rollouts.Operator.Host;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Traffic;
using Rollouts.Operator.Workloads;

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
    private readonly GatewayApiRouter gatewayRouter = new(client);
    private readonly ReplicaRatioRouter ratioRouter = new(client);
    private readonly ApplyFailures failures = new();
    private readonly AutoscalingVersion autoscaling = new();
    private readonly ConcurrentDictionary<ObjectKey, string> unconfirmedActions = new();
    private readonly StaleGuard stale = new();

    private readonly (ChildCache Cache, MeasurementWorker Worker) parts = Parts(informers, settings, analysis, time);

    /// <summary>The caches children are read from (and the HTTPRoute watch; <see cref="RolloutControllers.Build"/> attaches the queues).</summary>
    public ChildCache Children => parts.Cache;

    /// <summary>Analysis rounds, measured off the reconcile workers; a completed round enqueues its ModelDeployment.</summary>
    private MeasurementWorker Measurements => parts.Worker;

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
            unconfirmedActions.TryRemove(key, out _);
            stale.Forget(key);
            return ReconcileResult.Done;
        }

        // Read from the cache, unless it does not show our own last write yet: planning from an older status would redo
        // steps. Then no request: the watch event of that write enqueues the object (the requeue is a safety net).
        // The status write is conditional on the resourceVersion read here.
        if (stale.IsStale(key, cached.Metadata.ResourceVersion))
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

        // Manual action: removed first (conditional on resourceVersion), so it is applied at most once, and kept in
        // memory until a status write reflecting it succeeded, so a pass that fails after consuming it does not lose it.
        var action = mdep.Metadata.Annotations.ValueOrDefault(ModelDeploymentAnnotations.Action);
        if (action is null && unconfirmedActions.TryGetValue(key, out var kept))
        {
            action = kept;
        }
        else if (action is not null)
        {
            var consumed = await ActionAnnotation.ConsumeAsync(client, mdep, ct).ConfigureAwait(false);
            if (consumed is null)
            {
                stale.WroteFrom(key, mdep.Metadata.ResourceVersion); // Conflict or gone: the object is no longer at this version
                return ReconcileResult.RequeueAfter(TimeSpan.FromMilliseconds(200));
            }

            stale.WroteFrom(key, mdep.Metadata.ResourceVersion);
            unconfirmedActions[key] = action;
            mdep.Metadata.ResourceVersion = consumed.Metadata.ResourceVersion;
        }

        var errors = SpecValidator.Validate(mdep.Spec, settings.ServingImage, settings.AllowedModelUriPrefixes);
        var image = RevisionHasher.EffectiveImage(mdep.Spec, settings.ServingImage);
        var blueGreen = mdep.Spec.Strategy?.BlueGreen is not null;
        var snapshot = new RolloutSnapshot
        {
            Namespace = ns,
            Name = name,
            Generation = mdep.Metadata.Generation ?? 0,
            Spec = mdep.Spec,
            Status = mdep.Status ?? new ModelDeploymentStatus(),
            DesiredRevision = errors.Count == 0 ? RevisionHasher.Compute(mdep.Spec, image) : "",
            Revisions = ObserveRevisions(informerNs, mdep),
            ActionAnnotation = action,
            SpecErrors = errors,
        };

        // An invalid spec mid-rollout still sends the canary's traffic back to stable, on the route the rollout split on.
        var inForce = errors.Count > 0 ? await OwnedRouteAsync(mdep, ct).ConfigureAwait(false) : null;
        var router = inForce is not null ? gatewayRouter : RouterFor(mdep.Spec);
        if (router == gatewayRouter)
        {
            Children.WatchRoutes(ns);
        }

        snapshot = snapshot with { Traffic = await ObserveTrafficAsync(mdep, snapshot.Status, router, inForce, blueGreen, informerNs, ct).ConfigureAwait(false) };
        var render = new RenderContext(mdep, image, await autoscaling.GetAsync(client, ct).ConfigureAwait(false), inForce);
        var effects = new ApiPassEffects(client, Children, Measurements, render, router);
        var (plan, last, passEvents, refused) = await RolloutPass.RunAsync(snapshot, render, effects, time.GetUtcNow(), ct).ConfigureAwait(false);
        var recorded = passEvents.ToList();
        snapshot = last;
        (string Reason, string Message)? failure = refused is null ? null : (refused.Reason, refused.Message);

        var reported = failures.Report(key, mdep.Status ?? new ModelDeploymentStatus(), plan.Status, failure, time.GetUtcNow(), snapshot.Generation, out var warning, out var retry);
        plan = plan with { Status = reported, RequeueAfter = retry ?? plan.RequeueAfter };
        if (warning is not null)
        {
            recorded.Add(warning);
        }

        try
        {
            if (await WriteStatusAsync(client, mdep, plan.Status, ct).ConfigureAwait(false))
            {
                stale.WroteFrom(key, mdep.Metadata.ResourceVersion);
            }
        }
        catch (KubeApiException e) when (e.Reason == StatusReason.Conflict)
        {
            // Changed since read (a spec edit or an action): plan again from the fresh object, once the cache shows it.
            // No Event: the pass that writes the transition records it.
            stale.WroteFrom(key, mdep.Metadata.ResourceVersion);
            return ReconcileResult.RequeueAfter(TimeSpan.FromMilliseconds(100));
        }

        // Only now is what the events and metrics tell in status, and the action (if any) reflected there.
        unconfirmedActions.TryRemove(key, out _);
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

    private static (ChildCache, MeasurementWorker) Parts(SharedInformers informers, ReconcilerSettings settings, IAnalysisRunner analysis, TimeProvider time)
    {
        var cache = new ChildCache(informers, settings);
        return (cache, new MeasurementWorker(analysis, time, settings.AnalysisRoundTimeout, settings.AnalysisRoundsInFlight, t => cache.Wake(t.Namespace, t.DeploymentName)));
    }

    /// <summary>The name of this ModelDeployment's own HTTPRoute when it exists (it owns it), else null.</summary>
    private async Task<string?> OwnedRouteAsync(ModelDeployment mdep, CancellationToken ct)
    {
        var name = WorkloadNames.HttpRoute(mdep.Metadata.Name!);
        try
        {
            var route = await Children.GetRouteAsync(mdep.Metadata.NamespaceProperty ?? "", name, ct).ConfigureAwait(false);
            return route is not null && Ownership.IsControlledBy(route, mdep.Metadata.Uid) ? name : null;
        }
        catch (KubeApiException e) when (e.Reason == StatusReason.NotFound)
        {
            return null; // no HTTPRoute CRD: nothing routes through the Gateway API
        }
    }

    private ITrafficRouter? RouterFor(ModelDeploymentSpec spec) =>
        spec.TrafficRouting?.GatewayApi is not null ? gatewayRouter
        : spec.Strategy?.Canary is not null ? ratioRouter
        : null;

    private Dictionary<string, RevisionObservation> ObserveRevisions(string? informerNs, ModelDeployment mdep)
    {
        var result = new Dictionary<string, RevisionObservation>();
        foreach (var d in informers.Get<V1Deployment>(informerNs, RolloutControllers.ManagedSelector).List(mdep.Metadata.NamespaceProperty))
        {
            if (!Ownership.IsControlledBy(d, mdep.Metadata.Uid) || d.Metadata.Labels.ValueOrDefault(ModelDeploymentAnnotations.RevisionLabel) is not { } rev)
            {
                continue;
            }

            result[rev] = new RevisionObservation(
                rev,
                d.Metadata.Labels.ValueOrDefault(ModelDeploymentAnnotations.ModelVersionLabel) ?? "",
                d.Spec?.Replicas ?? 1,
                d.Status?.AvailableReplicas ?? 0);
        }

        return result;
    }

    private async Task<ObservedTraffic> ObserveTrafficAsync(ModelDeployment mdep, ModelDeploymentStatus status, ITrafficRouter? router, string? route, bool blueGreen, string? informerNs, CancellationToken ct)
    {
        string? active = null;
        if (blueGreen)
        {
            var svc = informers.Get<V1Service>(informerNs, RolloutControllers.ManagedSelector).Get(mdep.Metadata.NamespaceProperty, WorkloadNames.PrimaryService(mdep.Metadata.Name!, true));
            active = svc?.Spec?.Selector.ValueOrDefault(ModelDeploymentAnnotations.RevisionLabel);
        }

        int? weight = null;
        if (router is not null && status.StableRevision is { } stable)
        {
            try
            {
                // From the cache; confirmed live only when it differs from the weight status says was verified (the
                // cache may not show our last route write yet, and a stale 0 would report an abort rolled back too early).
                var target = ChildrenRenderer.Target(mdep, stable, status.CanaryRevision ?? stable, blueGreen) with { Route = route };
                weight = await router.ObserveWeightAsync(target, Children, ct).ConfigureAwait(false);
                if (weight != status.CanaryWeight)
                {
                    weight = await router.GetWeightAsync(target, ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (ApplyFailures.IsRefusal(e))
            {
                weight = null; // unreadable (route or CRD missing, read refused): unknown, never 0; the write below reports why
            }
        }

        return new ObservedTraffic(weight, active);
    }

    /// <summary>Writes <paramref name="status"/> when it differs from the status read; true when it wrote.</summary>
    private static async Task<bool> WriteStatusAsync(IKubeClient client, ModelDeployment mdep, ModelDeploymentStatus status, CancellationToken ct)
    {
        var before = mdep.Status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(mdep.Status))!.AsObject();
        var after = JsonNode.Parse(KubernetesJson.Serialize(status))!.AsObject();
        if (before is not null && JsonNode.DeepEquals(before, after))
        {
            return false;
        }

        // A merge patch of the status subresource (explicit nulls remove what the new status no longer has), conditional on
        // the resourceVersion read at the start of the pass (a Conflict means the object changed: plan again). Not
        // server-side apply: on v1.20, SSA of a CRD's status turned removed nested fields into nulls the schema refuses
        // ("must be of type object").
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = mdep.Metadata.ResourceVersion },
            ["status"] = JsonMergePatch.Create(before, after),
        };
        await client.MergePatchStatusAsync<ModelDeployment>(mdep.Metadata.NamespaceProperty, mdep.Metadata.Name!, patch, ct).ConfigureAwait(false);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "reconciled {Key}: {Phase} {Message}")]
        public static partial void Reconciled(ILogger logger, string key, string phase, string message);
    }
}
