using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Status;

namespace Rollouts.Operator.Planning;

/// <summary>The planner's working state for one pass: the status being built, events, kept revisions, traffic and requeue.</summary>
internal sealed class PlanContext(RolloutSnapshot snapshot, DateTimeOffset now)
{
    public RolloutSnapshot Snapshot { get; } = snapshot;
    public DateTimeOffset Now { get; } = now;
    public ModelDeploymentStatus Status { get; set; } = snapshot.Status;
    public List<RolloutEvent> Events { get; } = [];
    public Dictionary<string, DesiredRevision> Revisions { get; } = [];
    public ServiceTargets? Services { get; set; }
    public int? Weight { get; set; }
    public ShadowPlan? Shadow { get; set; }
    public global::Rollouts.Api.Strategy.HeaderRouteStep? HeaderRoute { get; set; }
    public TimeSpan? Requeue { get; private set; }
    public RollbackRecord? Rollback { get; set; }
    public RolloutAction? Action { get; set; }
    public bool ConsumeAction { get; set; }
    public string? PausedReason { get; set; }

    public ModelDeploymentSpec Spec => Snapshot.Spec;
    public int Replicas => CanaryScaling.StableReplicas(Spec, Snapshot.Revisions, Status.StableRevision);
    public bool ReplicaRatio => Spec.TrafficRouting?.GatewayApi is null;
    public long Generation => Snapshot.Generation;
    public string DesiredRevision => Snapshot.DesiredRevision;
    public string DesiredVersion => Spec.Model.Version;
    public TimeSpan ProgressDeadline => TimeSpan.FromSeconds(Spec.ProgressDeadlineSeconds ?? 600);
    public TimeSpan AbortScaleDownDelay => TimeSpan.FromSeconds(Spec.AbortScaleDownDelaySeconds ?? 30);

    public void Normal(string reason, string message) => Events.Add(new RolloutEvent(false, reason, message));
    public void Warning(string reason, string message) => Events.Add(new RolloutEvent(true, reason, message));

    public void RequeueIn(TimeSpan after)
    {
        after = after < TimeSpan.Zero ? TimeSpan.Zero : after;
        Requeue = Requeue is { } r && r < after ? r : after;
    }

    public void RequeueAt(DateTimeOffset at) => RequeueIn(at - Now);

    public void Keep(string revision, int replicas, bool fromSpec) => Revisions[revision] = new DesiredRevision(revision, replicas, fromSpec);

    /// <summary>Keeps the revision at the replicas it has now (no template change).</summary>
    public void KeepAsIs(string revision)
    {
        if (Snapshot.Revisions.TryGetValue(revision, out var r) && !Revisions.ContainsKey(revision))
        {
            Revisions[revision] = new DesiredRevision(revision, r.Replicas, false);
        }
    }

    public void SetCondition(string type, bool value, string reason, string? message) =>
        Status = Status with { Conditions = Conditions.Set(Status.Conditions, type, value, reason, message, Now, Generation) };

    public void AddHistory(string version, string revision, string result, string? message)
    {
        var list = new List<HistoryEntry> { new() { Version = version, Revision = revision, Result = result, Time = Now, Message = message } };
        list.AddRange(Status.History ?? []);
        Status = Status with { History = list.Take(ModelDeploymentStatus.HistoryLimit).ToList() };
    }

    /// <summary>The analysis run of <paramref name="purpose"/> against the canary, or null when none has started.</summary>
    public AnalysisRunStatus? RunFor(string purpose) =>
        Status.Analysis is { } a && a.IsFor(purpose, Status.CanaryRevision, Status.CanaryVersion) ? a : null;

    /// <summary>True when the current analysis run has failing measurements (promote then needs promote-full).</summary>
    public bool AnalysisFailing =>
        Status.Analysis is { } a && a.Judges(Status.CanaryRevision, Status.CanaryVersion) &&
        (a.Phase is AnalysisPhase.Failed or AnalysisPhase.Error || a.FailedRounds > 0);
}
