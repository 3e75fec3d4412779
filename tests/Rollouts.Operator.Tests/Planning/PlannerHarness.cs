using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using k8s;
using k8s.Models;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Workloads;

namespace Rollouts.Operator.Tests.Planning;

/// <summary>
/// A simulated cluster around the pure planner, doing what the reconciler does: Deployments get their replicas
/// (available at once when <see cref="AutoReady"/>), the router takes the planned weight (unless <see cref="RouterStuck"/>),
/// and the planner is run again within the pass when traffic or the demanded analysis changed.
/// </summary>
public sealed class PlannerHarness
{
    public PlannerHarness(ModelDeploymentSpec spec, DateTimeOffset? start = null)
    {
        Spec = spec;
        Now = start ?? new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    }

    public ModelDeploymentSpec Spec { get; private set; }
    public long Generation { get; private set; } = 1;
    public ModelDeploymentStatus Status { get; set; } = new();
    public Dictionary<string, RevisionObservation> Revisions { get; } = [];
    public ObservedTraffic Traffic { get; set; } = ObservedTraffic.None;
    public DateTimeOffset Now { get; set; }
    public bool AutoReady { get; set; } = true;
    public bool RouterStuck { get; set; }
    public List<RolloutEvent> Events { get; } = [];
    public List<RollbackRecord> Rollbacks { get; } = [];
    public Func<AnalysisDemand, AnalysisRunStatus?, AnalysisRunStatus>? Analysis { get; set; }
    public List<AnalysisDemand> Demands { get; } = [];
    public RolloutPlan? LastPlan { get; private set; }
    public string Revision => RevisionHasher.Compute(Spec, "serving:test");

    public void SetSpec(ModelDeploymentSpec spec)
    {
        Spec = spec;
        Generation++;
    }

    public void Advance(TimeSpan by) => Now += by;

    public RolloutSnapshot Snapshot(string? action = null) => new()
    {
        Namespace = "ns",
        Name = "iris",
        Generation = Generation,
        Spec = Spec,
        Status = Status,
        DesiredRevision = Revision,
        Revisions = new Dictionary<string, RevisionObservation>(Revisions),
        Traffic = Traffic,
        ActionAnnotation = action,
        SpecErrors = SpecValidator.Validate(Spec, "serving:test"),
    };

    /// <summary>One reconcile pass; returns the final plan.</summary>
    public RolloutPlan Pass(string? action = null)
    {
        var snapshot = Snapshot(action);
        RolloutPlan plan = null!;
        for (var i = 0; i < 6; i++)
        {
            var demand = RolloutPlanner.DemandedAnalysis(snapshot);
            AnalysisRunStatus? run = null;
            if (demand is not null)
            {
                Demands.Add(demand);
                var current = snapshot.Status.Analysis is { } a && a.IsFor(demand.Purpose, demand.Revision, demand.Version) ? a : null;
                run = Analysis?.Invoke(demand, current) ?? new AnalysisRunStatus { Purpose = demand.Purpose, TargetVersion = demand.Version, TargetRevision = demand.Revision, NextMeasurementAt = Now.AddSeconds(1) };
            }

            plan = RolloutPlanner.Plan(snapshot, run, Now);
            Events.AddRange(plan.Events);
            if (plan.Revisions is null)
            {
                break;
            }

            ApplyWorkloads(plan);
            var traffic = new ObservedTraffic(
                plan.CanaryWeight is { } w && !RouterStuck ? w : Traffic.CanaryWeight,
                Spec.Strategy.BlueGreen is not null ? plan.Services?.Primary : null);
            Traffic = traffic;
            var next = snapshot with { Status = plan.Status, Traffic = traffic, ActionAnnotation = null, Revisions = new Dictionary<string, RevisionObservation>(Revisions) };
            var nextDemand = RolloutPlanner.DemandedAnalysis(next);
            var replan = traffic != snapshot.Traffic || (nextDemand is not null && nextDemand != demand);
            snapshot = next;
            if (!replan)
            {
                break;
            }
        }

        if (plan.Revisions is not null)
        {
            foreach (var r in Revisions.Keys.Except(plan.Revisions.Select(x => x.Revision)).ToList())
            {
                Revisions.Remove(r);
            }
        }

        if (plan.Rollback is { } rb)
        {
            Rollbacks.Add(rb);
        }

        // The status goes through JSON as it does through the API server.
        Status = KubernetesJson.Deserialize<ModelDeploymentStatus>(KubernetesJson.Serialize(plan.Status));
        LastPlan = plan;
        return plan;
    }

    /// <summary>Runs passes (advancing the clock by <paramref name="step"/> between them) until <paramref name="until"/> holds.</summary>
    public void RunUntil(Func<PlannerHarness, bool> until, TimeSpan? step = null, int maxPasses = 200)
    {
        for (var i = 0; i < maxPasses; i++)
        {
            Pass();
            if (until(this))
            {
                return;
            }

            Advance(step ?? TimeSpan.FromSeconds(1));
        }

        throw new InvalidOperationException($"condition not reached after {maxPasses} passes; status: {KubernetesJson.Serialize(Status)}");
    }

    public void MakeAvailable(string revision)
    {
        if (Revisions.TryGetValue(revision, out var r))
        {
            Revisions[revision] = r with { AvailableReplicas = r.Replicas };
        }
    }

    private void ApplyWorkloads(RolloutPlan plan)
    {
        foreach (var r in plan.Revisions!)
        {
            if (Revisions.TryGetValue(r.Revision, out var seen))
            {
                Revisions[r.Revision] = seen with { Replicas = r.Replicas, AvailableReplicas = AutoReady ? r.Replicas : Math.Min(seen.AvailableReplicas, r.Replicas) };
            }
            else if (r.FromSpec)
            {
                Revisions[r.Revision] = new RevisionObservation(r.Revision, Spec.Model.Version, r.Replicas, AutoReady ? r.Replicas : 0);
            }
        }
    }

    public int Count(string reason) => Events.Count(e => e.Reason == reason);

    public V1Condition? Condition(string type) => Conditions.Find(Status.Conditions, type);
}
