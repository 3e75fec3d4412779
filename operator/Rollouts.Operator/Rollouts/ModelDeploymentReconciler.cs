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
/// The thin ModelDeployment reconciler: read from the informer caches → snapshot → <see cref="RolloutPlanner"/>
/// (pure) → apply Deployments, Services and the shadow ConfigMap that differ from the cache → set and verify traffic → delete what the plan
/// dropped → ONE status write (a refused write reported in it, see <see cref="ApplyFailures"/>) → record events, only
/// once that write succeeded. Analysis rounds are measured off the reconcile workers (<see cref="MeasurementWorker"/>). When applying traffic or starting an analysis changes what the planner
/// would see, it plans again within the pass (at most a few times) before writing the status, so an abort reaches
/// "rolled back" in one pass once the router confirms weight 0.
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

    private const int MaxPlansPerPass = 6;
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

        var errors = Validate(mdep.Spec);
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

        var router = RouterFor(mdep.Spec); // an invalid spec mid-rollout still sends the canary's traffic back to stable
        if (router == gatewayRouter)
        {
            Children.WatchRoutes(ns);
        }

        var applier = new ChildApplier(client, Children);
        snapshot = snapshot with { Traffic = await ObserveTrafficAsync(mdep, snapshot.Status, router, blueGreen, informerNs, ct).ConfigureAwait(false) };

        var recorded = new List<RolloutEvent>();
        (string Reason, string Message)? failure = null;
        RolloutPlan plan = null!;
        for (var i = 0; i < MaxPlansPerPass; i++)
        {
            var demand = RolloutPlanner.DemandedAnalysis(snapshot);
            AnalysisRunStatus? run = null;
            if (demand is not null && mdep.Spec.Analysis is { } spec)
            {
                var current = snapshot.Status.Analysis is { } a && a.Purpose == demand.Purpose && a.TargetVersion == demand.Version ? a : null;
                var target = new AnalysisTarget(ns, name, mdep.Spec.Model.Name, demand.Version, snapshot.Status.StableVersion, demand.Purpose, demand.Revision, snapshot.Status.StableRevision, demand.Shadowing);
                run = await Measurements.AdvanceAsync(target, spec, current, ct).ConfigureAwait(false); // returns at once
            }

            plan = RolloutPlanner.Plan(snapshot, run, time.GetUtcNow());
            recorded.AddRange(plan.Events);
            if (plan.Revisions is null)
            {
                break; // invalid spec, no rollout in flight: touch nothing
            }

            ObservedTraffic traffic;
            try
            {
                await ApplyWorkloadsAsync(mdep, plan, image, blueGreen, snapshot, applier, ct).ConfigureAwait(false);
                await ApplyAutoscalerAsync(mdep, plan, applier, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (ApplyFailures.IsRefusal(e))
            {
                failure = (ApplyFailures.ApplyFailed, ApplyFailures.Describe(e));
                break;
            }

            try
            {
                traffic = await ApplyTrafficAsync(mdep, plan, router, blueGreen, snapshot.Traffic, applier, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (ApplyFailures.IsRefusal(e))
            {
                // The plan's status records a weight only once it was read back, so it claims no traffic change here.
                failure = (TrafficRoutingFailed, $"traffic routing through {router!.Name} failed: {ApplyFailures.Describe(e)}");
                break;
            }

            var next = snapshot with { Status = plan.Status, Traffic = traffic, ActionAnnotation = null };
            var nextDemand = RolloutPlanner.DemandedAnalysis(next);
            var replan = traffic != snapshot.Traffic || (nextDemand is not null && nextDemand != demand);
            snapshot = next;
            if (!replan)
            {
                break;
            }
        }

        if (plan.Revisions is not null && failure is null)
        {
            await DeleteDroppedAsync(mdep, plan, snapshot, ct).ConfigureAwait(false);
        }

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
            notifier?.Publish(Notification(mdep, plan.Status, e)); // queued for the sinks; never blocks the pass
        }

        metrics.Observe(ns, name, plan.Status.Phase ?? RolloutPhase.Pending, plan.Status.CanaryWeight ?? 0);
        Log.Reconciled(logger, key.ToString(), plan.Status.Phase?.ToString() ?? "", plan.Status.Message ?? "");
        return plan.RequeueAfter is { } after ? ReconcileResult.RequeueAfter(after) : ReconcileResult.Done;
    }

    /// <inheritdoc />
    public void Dispose() => Measurements.Dispose();

    /// <summary>The transition <paramref name="e"/> as it is told to the notification sinks, with the status just written.</summary>
    private RolloutNotification Notification(ModelDeployment mdep, ModelDeploymentStatus status, RolloutEvent e) => new(
        e.Reason,
        e.Warning,
        mdep.Metadata.NamespaceProperty ?? "",
        mdep.Metadata.Name,
        mdep.Spec?.Model?.Name ?? "",
        status.StableVersion,
        status.CanaryVersion,
        status.StableRevision,
        status.CanaryRevision,
        status.CanaryWeight,
        mdep.Spec?.Strategy?.Canary is null ? null : status.CurrentStepIndex,
        (status.Phase ?? RolloutPhase.Pending).ToString(),
        e.Message,
        time.GetUtcNow());

    private static (ChildCache, MeasurementWorker) Parts(SharedInformers informers, ReconcilerSettings settings, IAnalysisRunner analysis, TimeProvider time)
    {
        var cache = new ChildCache(informers, settings);
        return (cache, new MeasurementWorker(analysis, time, settings.AnalysisRoundTimeout, settings.AnalysisRoundsInFlight, t => cache.Wake(t.Namespace, t.DeploymentName)));
    }

    private IReadOnlyList<string> Validate(ModelDeploymentSpec spec)
    {
        var errors = SpecValidator.Validate(spec, settings.ServingImage, settings.AllowedModelUriPrefixes).ToList();
        if (spec.Analysis is { } a)
        {
            errors.AddRange(AnalysisSpecValidator.Validate(a).Select(e => "spec.analysis: " + e));
        }

        return errors;
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

    private async Task<ObservedTraffic> ObserveTrafficAsync(ModelDeployment mdep, ModelDeploymentStatus status, ITrafficRouter? router, bool blueGreen, string? informerNs, CancellationToken ct)
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
                var target = Target(mdep, stable, status.CanaryRevision ?? stable, blueGreen);
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

    private static TrafficTarget Target(ModelDeployment mdep, string stable, string canary, bool blueGreen) => new(
        mdep,
        WorkloadNames.PrimaryService(mdep.Metadata.Name!, blueGreen),
        WorkloadNames.SecondaryService(mdep.Metadata.Name!, blueGreen),
        stable,
        canary);

    /// <summary>Applies the plan's Deployments and Services, each only when the cached child differs (see <see cref="ChildApplier"/>).</summary>
    private async Task ApplyWorkloadsAsync(ModelDeployment mdep, RolloutPlan plan, string image, bool blueGreen, RolloutSnapshot snapshot, ChildApplier applier, CancellationToken ct)
    {
        var ns = mdep.Metadata.NamespaceProperty ?? "";
        foreach (var r in plan.Revisions!)
        {
            var seen = snapshot.Revisions.TryGetValue(r.Revision, out var s) ? s : null;

            // The HPA owns the existing stable's replicas: they are left out of the apply and never patched.
            var autoscaled = seen is not null && mdep.Spec?.Serving?.Autoscaling is not null && r.Revision == plan.Status.StableRevision;
            var desired = DeploymentRenderer.Render(mdep, r.Revision, autoscaled ? null : r.Replicas, image);
            if (autoscaled && r.FromSpec && !AppliedHash.Matches(Children.Get<V1Deployment>(ns, desired.Metadata.Name), AppliedHash.Compute(desired)))
            {
                await ReplicasHandover.RunAsync(client, ns, desired.Metadata.Name, ct).ConfigureAwait(false); // before an apply without replicas
            }

            var applied = r.FromSpec && await applier.ApplyAsync(desired, force: false, ct).ConfigureAwait(false);
            if (!applied && seen is not null && !autoscaled)
            {
                await applier.ScaleAsync(ns, WorkloadNames.Deployment(mdep.Metadata.Name!, r.Revision), r.Replicas, seen.Replicas, ct).ConfigureAwait(false);
            }
        }

        if (plan.Services is { } svc)
        {
            var name = mdep.Metadata.Name!;
            await applier.ApplyAsync(ServiceRenderer.Render(mdep, WorkloadNames.PrimaryService(name, blueGreen), blueGreen ? "active" : "stable", svc.Primary), force: false, ct).ConfigureAwait(false);
            await applier.ApplyAsync(ServiceRenderer.Render(mdep, WorkloadNames.SecondaryService(name, blueGreen), blueGreen ? "preview" : "canary", svc.Secondary), force: false, ct).ConfigureAwait(false);
        }

        // The shadow ConfigMap: applied while a shadow is on, and turned off (percent 0) once one exists; a
        // ModelDeployment that never shadowed has none (the pods mount it optionally). Its data is what status says
        // (a hand edit is put back, also by a restarted operator): the cache holds ConfigMaps whole.
        var shadow = ShadowConfigRenderer.Render(mdep, plan.Shadow);
        var cached = Children.Get<V1ConfigMap>(ns, shadow.Metadata.Name);
        if (plan.Shadow is not null || cached is not null)
        {
            // Edited since our apply: it still carries our hash, but not our data.
            var drifted = AppliedHash.Matches(cached, AppliedHash.Compute(shadow)) &&
                          (cached!.Data is not { } data || !data.OrderBy(kv => kv.Key).SequenceEqual(shadow.Data.OrderBy(kv => kv.Key)));
            await applier.ApplyAsync(shadow, force: drifted, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// With <c>spec.serving.autoscaling</c>: applies the HorizontalPodAutoscaler on the stable revision (it moves when
    /// the stable does); without: deletes the one this ModelDeployment owns, once the HPA cache shows it.
    /// </summary>
    private async Task ApplyAutoscalerAsync(ModelDeployment mdep, RolloutPlan plan, ChildApplier applier, CancellationToken ct)
    {
        var ns = mdep.Metadata.NamespaceProperty ?? "";
        var version = await autoscaling.GetAsync(client, ct).ConfigureAwait(false);
        if (mdep.Spec?.Serving?.Autoscaling is { } spec)
        {
            if (plan.Status.StableRevision is { } stable)
            {
                var desired = AutoscalerRenderer.Render(mdep, stable, spec, version);
                _ = desired is V2beta2HorizontalPodAutoscaler beta
                    ? await applier.ApplyAsync(beta, force: false, ct).ConfigureAwait(false)
                    : await applier.ApplyAsync(desired, force: false, ct).ConfigureAwait(false);
            }

            return;
        }

        var name = WorkloadNames.Autoscaler(mdep.Metadata.Name!);
        if (Children.CachedAutoscaler(ns, name, version) is { Metadata.DeletionTimestamp: null } owned && Ownership.IsControlledBy(owned, mdep.Metadata.Uid))
        {
            _ = version == AutoscalingVersion.V2beta2
                ? await client.DeleteAsync<V2beta2HorizontalPodAutoscaler>(ns, name, null, ct).ConfigureAwait(false)
                : await client.DeleteAsync<V2HorizontalPodAutoscaler>(ns, name, null, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sets the planned weight (written only when the route differs) and returns the weight then in force: read back after a write, the observed one otherwise.</summary>
    private static async Task<ObservedTraffic> ApplyTrafficAsync(ModelDeployment mdep, RolloutPlan plan, ITrafficRouter? router, bool blueGreen, ObservedTraffic observed, ChildApplier applier, CancellationToken ct)
    {
        var active = blueGreen ? plan.Services?.Primary : null;
        if (router is null || plan.CanaryWeight is not { } weight || plan.Status.StableRevision is not { } stable)
        {
            return new ObservedTraffic(null, active);
        }

        var target = Target(mdep, stable, plan.Services?.Secondary ?? plan.Status.CanaryRevision ?? stable, blueGreen) with { Header = plan.HeaderRoute };
        var wrote = await router.SetWeightAsync(target, weight, applier, force: observed.CanaryWeight != weight, ct).ConfigureAwait(false);
        var verified = wrote ? await router.GetWeightAsync(target, ct).ConfigureAwait(false) : observed.CanaryWeight;
        return new ObservedTraffic(verified, active);
    }

    private async Task DeleteDroppedAsync(ModelDeployment mdep, RolloutPlan plan, RolloutSnapshot snapshot, CancellationToken ct)
    {
        var ns = mdep.Metadata.NamespaceProperty ?? "";
        var keep = plan.Revisions!.Select(r => r.Revision).ToHashSet();
        foreach (var rev in snapshot.Revisions.Keys.Where(r => !keep.Contains(r)))
        {
            var deployment = WorkloadNames.Deployment(mdep.Metadata.Name!, rev);
            if (Children.Get<V1Deployment>(ns, deployment)?.Metadata.DeletionTimestamp is not null)
            {
                continue; // already being deleted
            }

            await client.DeleteAsync<V1Deployment>(ns, deployment, new V1DeleteOptions { PropagationPolicy = "Background" }, ct).ConfigureAwait(false);
        }
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
