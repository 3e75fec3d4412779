using Rollouts.Api.Analysis;
using Rollouts.Operator.Planning;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// What a reconcile pass does outside the planner (see <see cref="RolloutPass"/>): advance analysis, and write the
/// children. The operator's implementation goes through the API server (<see cref="ApiPassEffects"/>); the planner
/// tests' simulates a cluster.
/// </summary>
public interface IPassEffects
{
    /// <summary>
    /// Advances the analysis run <paramref name="demand"/> asks for and returns its status at once (a round due is
    /// measured off the pass); null when the spec configures no analysis.
    /// </summary>
    /// <param name="demand">What the status waits for.</param>
    /// <param name="current">The run in status for the same purpose and revision, or null to start one.</param>
    /// <param name="status">The status the demand was read from (it names the stable revision compared against).</param>
    /// <param name="ct">Cancels the call.</param>
    ValueTask<AnalysisRunStatus?> AdvanceAnalysisAsync(AnalysisDemand demand, AnalysisRunStatus? current, Api.Status.ModelDeploymentStatus status, CancellationToken ct);

    /// <summary>
    /// Writes what differs between <paramref name="children"/> and the cluster (workloads, the autoscaler, then traffic)
    /// and returns what is observed afterwards. A write the API server refuses ends the application there and is
    /// returned as <see cref="AppliedPlan.Failure"/>, never thrown.
    /// </summary>
    /// <param name="children">The rendered children of the plan.</param>
    /// <param name="snapshot">What the pass saw before this plan (the revisions and traffic observed).</param>
    /// <param name="ct">Cancels the writes.</param>
    ValueTask<AppliedPlan> ApplyAsync(Workloads.DesiredChildren children, RolloutSnapshot snapshot, CancellationToken ct);

    /// <summary>Deletes the revision Deployments observed in <paramref name="snapshot"/> that <paramref name="plan"/> no longer keeps.</summary>
    /// <param name="plan">The last plan of the pass (its revisions are not null).</param>
    /// <param name="snapshot">The last snapshot of the pass.</param>
    /// <param name="ct">Cancels the deletes.</param>
    ValueTask DeleteDroppedAsync(RolloutPlan plan, RolloutSnapshot snapshot, CancellationToken ct);
}

/// <summary>What is observed after applying a plan.</summary>
/// <param name="Traffic">The traffic in force: read back after a write, the observed one otherwise.</param>
/// <param name="Revisions">The revision Deployments as the next plan of the pass sees them.</param>
/// <param name="Failure">The write the API server refused (reason, message for status), or null.</param>
public sealed record AppliedPlan(ObservedTraffic Traffic, IReadOnlyDictionary<string, RevisionObservation> Revisions, PassFailure? Failure = null);

/// <summary>A refused write of a pass, as status reports it.</summary>
/// <param name="Reason">The condition and event reason (<c>ApplyFailed</c>, <c>TrafficRoutingFailed</c>).</param>
/// <param name="Message">What was refused and why.</param>
public sealed record PassFailure(string Reason, string Message);
