using k8s.Models;
using Rollouts.Analysis;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Traffic;
using Rollouts.Operator.Workloads;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// The operator's <see cref="IPassEffects"/> for one pass over the ModelDeployment of <paramref name="context"/>: analysis through the
/// <see cref="MeasurementWorker"/> (never waits for a round), and writes through the API server, each only when the
/// cached child differs (<see cref="ChildApplier"/>). One instance per pass.
/// </summary>
/// <param name="client">The API client.</param>
/// <param name="children">The child caches.</param>
/// <param name="measurements">Analysis rounds, off the reconcile workers.</param>
/// <param name="context">The ModelDeployment of the pass and the cluster's HPA version (what its children were rendered from).</param>
/// <param name="router">The router in force (the spec's, or the Gateway API one on the operator's route while the spec is invalid; see <see cref="SnapshotReader"/>), or null (blue-green without a route).</param>
public sealed class ApiPassEffects(IKubeClient client, ChildCache children, MeasurementWorker measurements, RenderContext context, ITrafficRouter? router) : IPassEffects
{
    private readonly ModelDeployment owner = context.Owner;
    private readonly ChildApplier applier = new(client, children);
    private readonly string ns = context.Owner.Metadata.NamespaceProperty ?? "";

    /// <inheritdoc />
    public async ValueTask<AnalysisRunStatus?> AdvanceAnalysisAsync(AnalysisDemand demand, AnalysisRunStatus? current, Api.Status.ModelDeploymentStatus status, CancellationToken ct)
    {
        if (owner.Spec?.Analysis is not { } spec)
        {
            return null;
        }

        var target = new AnalysisTarget(ns, owner.Metadata.Name!, owner.Spec.Model.Name, demand.Version, status.StableVersion, demand.Purpose, demand.Revision, status.StableRevision, demand.Shadowing);
        return await measurements.AdvanceAsync(target, spec, current, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<AppliedPlan> ApplyAsync(DesiredChildren desired, RolloutSnapshot snapshot, CancellationToken ct)
    {
        try
        {
            await ApplyWorkloadsAsync(desired, snapshot, ct).ConfigureAwait(false);
            await ApplyAutoscalerAsync(desired, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ApplyFailures.IsRefusal(e))
        {
            return new AppliedPlan(snapshot.Traffic, snapshot.Revisions, new PassFailure(ApplyFailures.ApplyFailed, ApplyFailures.Describe(e)));
        }

        try
        {
            return new AppliedPlan(await ApplyTrafficAsync(desired, snapshot, ct).ConfigureAwait(false), snapshot.Revisions);
        }
        catch (Exception e) when (ApplyFailures.IsRefusal(e))
        {
            // The plan's status records a weight only once it was read back, so it claims no traffic change here.
            var failure = new PassFailure(ModelDeploymentReconciler.TrafficRoutingFailed, $"traffic routing through {router!.Name} failed: {ApplyFailures.Describe(e)}");
            return new AppliedPlan(snapshot.Traffic, snapshot.Revisions, failure);
        }
    }

    /// <inheritdoc />
    public async ValueTask DeleteDroppedAsync(RolloutPlan plan, RolloutSnapshot snapshot, CancellationToken ct)
    {
        var keep = plan.Revisions!.Select(r => r.Revision).ToHashSet();
        foreach (var rev in snapshot.Revisions.Keys.Where(r => !keep.Contains(r)))
        {
            var deployment = WorkloadNames.Deployment(owner.Metadata.Name!, rev);
            if (children.Get<V1Deployment>(ns, deployment)?.Metadata.DeletionTimestamp is not null)
            {
                continue; // already being deleted
            }

            await client.DeleteAsync<V1Deployment>(ns, deployment, new V1DeleteOptions { PropagationPolicy = "Background" }, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The plan's Deployments, Services and shadow ConfigMap, each applied only when the cached child differs.</summary>
    private async Task ApplyWorkloadsAsync(DesiredChildren desired, RolloutSnapshot snapshot, CancellationToken ct)
    {
        foreach (var d in desired.Deployments)
        {
            var seen = snapshot.Revisions.TryGetValue(d.Revision, out var s) ? s : null;
            if (d.ReplicasOwnedByAutoscaler && d.Rendered is { } template &&
                !AppliedHash.Matches(children.Get<V1Deployment>(ns, template.Metadata.Name), AppliedHash.Compute(template)))
            {
                await ReplicasHandover.RunAsync(client, ns, template.Metadata.Name, ct).ConfigureAwait(false); // before an apply without replicas
            }

            var applied = d.Rendered is { } rendered && await applier.ApplyAsync(rendered, force: false, ct).ConfigureAwait(false) is not null;
            if (!applied && seen is not null && !d.ReplicasOwnedByAutoscaler)
            {
                await applier.ScaleAsync(ns, WorkloadNames.Deployment(owner.Metadata.Name!, d.Revision), d.Replicas, seen.Replicas, ct).ConfigureAwait(false);
            }
        }

        foreach (var svc in desired.Services)
        {
            await applier.ApplyAsync(svc, force: false, ct).ConfigureAwait(false);
        }

        // The shadow ConfigMap: applied while a shadow is on, and turned off (percent 0) once one exists; a
        // ModelDeployment that never shadowed has none (the pods mount it optionally). Its data is what status says
        // (a hand edit is put back, also by a restarted operator): the cache holds ConfigMaps whole.
        var shadow = desired.ShadowConfig;
        var cached = children.Get<V1ConfigMap>(ns, shadow.Metadata.Name);
        if (desired.ShadowOn || cached is not null)
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
    private async Task ApplyAutoscalerAsync(DesiredChildren desired, CancellationToken ct)
    {
        switch (desired.Autoscaler)
        {
            case V2beta2HorizontalPodAutoscaler beta:
                await applier.ApplyAsync(beta, force: false, ct).ConfigureAwait(false);
                return;
            case { } v2:
                await applier.ApplyAsync(v2, force: false, ct).ConfigureAwait(false);
                return;
        }

        if (desired.Autoscaled)
        {
            return; // wanted, but no stable revision yet
        }

        var version = context.AutoscalingVersion;
        var name = WorkloadNames.Autoscaler(owner.Metadata.Name!);
        if (children.CachedAutoscaler(ns, name, version) is { Metadata.DeletionTimestamp: null } owned && Ownership.IsControlledBy(owned, owner.Metadata.Uid))
        {
            _ = version == AutoscalingVersion.V2beta2
                ? await client.DeleteAsync<V2beta2HorizontalPodAutoscaler>(ns, name, null, ct).ConfigureAwait(false)
                : await client.DeleteAsync<V2HorizontalPodAutoscaler>(ns, name, null, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sets the planned weight (written only when the route differs) and returns the weight then in force: read from the write's response after a write, the observed one otherwise.</summary>
    private async Task<ObservedTraffic> ApplyTrafficAsync(DesiredChildren desired, RolloutSnapshot snapshot, CancellationToken ct)
    {
        var active = desired.ActiveRevision;
        if (router is null || desired.Traffic is not { } traffic)
        {
            return new ObservedTraffic(null, active);
        }

        var observed = snapshot.Traffic;
        var write = await router.SetWeightAsync(traffic, applier, force: observed.CanaryWeight != traffic.CanaryWeight, ct).ConfigureAwait(false);
        return new ObservedTraffic(write.Wrote ? write.Weight : observed.CanaryWeight, active);
    }
}
