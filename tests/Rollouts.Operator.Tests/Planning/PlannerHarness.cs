using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;
using k8s;
using k8s.Models;
using Rollouts.Kube;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Rollouts;
using Rollouts.Operator.Workloads;

namespace Rollouts.Operator.Tests.Planning;

/// <summary>
/// The operator's pass driver (<see cref="RolloutPass"/>: plan, render, apply, plan again while traffic or the demanded
/// analysis changed) over a simulated cluster: Deployments get their replicas (available at once when
/// <see cref="AutoReady"/>), the router takes the planned weight (unless <see cref="RouterStuck"/>).
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

    /// <summary>One reconcile pass, through the operator's own pass driver (<see cref="RolloutPass"/>) over the simulated cluster; returns the final plan.</summary>
    public RolloutPlan Pass(string? action = null)
    {
        var owner = new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = "iris", NamespaceProperty = "ns", Uid = "0f1e2d3c-0000-4000-8000-000000000001" },
            Spec = Spec,
            Status = Status,
        };
        var render = new RenderContext(owner, "serving:test", AutoscalingVersion.V2);
        var outcome = RolloutPass.RunAsync(Snapshot(action), render, new SimulatedCluster(this), Now, CancellationToken.None).GetAwaiter().GetResult(); // completes synchronously: the simulated cluster never waits
        var plan = outcome.Plan;
        Events.AddRange(outcome.Events);
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

    /// <summary>
    /// The simulated cluster: Deployments get their replicas (available at once when <see cref="AutoReady"/>), the
    /// router takes the planned weight (unless <see cref="RouterStuck"/>), dropped revisions disappear.
    /// </summary>
    private sealed class SimulatedCluster(PlannerHarness h) : IPassEffects
    {
        public ValueTask<AnalysisRunStatus?> AdvanceAnalysisAsync(AnalysisDemand demand, AnalysisRunStatus? current, ModelDeploymentStatus status, CancellationToken ct)
        {
            h.Demands.Add(demand);
            return ValueTask.FromResult<AnalysisRunStatus?>(h.Analysis?.Invoke(demand, current) ??
                new AnalysisRunStatus { Purpose = demand.Purpose, TargetVersion = demand.Version, TargetRevision = demand.Revision, NextMeasurementAt = h.Now.AddSeconds(1) });
        }

        public ValueTask<AppliedPlan> ApplyAsync(DesiredChildren children, RolloutSnapshot snapshot, CancellationToken ct)
        {
            foreach (var d in children.Deployments)
            {
                if (h.Revisions.TryGetValue(d.Revision, out var seen))
                {
                    h.Revisions[d.Revision] = seen with { Replicas = d.Replicas, AvailableReplicas = h.AutoReady ? d.Replicas : Math.Min(seen.AvailableReplicas, d.Replicas) };
                }
                else if (d.Rendered is not null)
                {
                    h.Revisions[d.Revision] = new RevisionObservation(d.Revision, h.Spec.Model.Version, d.Replicas, h.AutoReady ? d.Replicas : 0);
                }
            }

            h.Traffic = new ObservedTraffic(children.Traffic is { } t && !h.RouterStuck ? t.CanaryWeight : h.Traffic.CanaryWeight, children.ActiveRevision);
            return ValueTask.FromResult(new AppliedPlan(h.Traffic, new Dictionary<string, RevisionObservation>(h.Revisions)));
        }

        public ValueTask DeleteDroppedAsync(RolloutPlan plan, RolloutSnapshot snapshot, CancellationToken ct)
        {
            foreach (var r in h.Revisions.Keys.Except(plan.Revisions!.Select(x => x.Revision)).ToList())
            {
                h.Revisions.Remove(r);
            }

            return ValueTask.CompletedTask;
        }
    }

    public int Count(string reason) => Events.Count(e => e.Reason == reason);

    public V1Condition? Condition(string type) => Conditions.Find(Status.Conditions, type);
}
