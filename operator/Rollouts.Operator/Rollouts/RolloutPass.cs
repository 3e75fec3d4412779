using Rollouts.Api.Analysis;
using Rollouts.Operator.Planning;
using Rollouts.Operator.Workloads;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// One reconcile pass over one ModelDeployment, between reading and the status write: advance the analysis the status
/// waits for, plan (<see cref="RolloutPlanner"/>, pure), render the plan's children (<see cref="ChildrenRenderer"/>,
/// pure), apply them (<see cref="IPassEffects"/>), and plan again from what was observed while the traffic or the
/// demanded analysis changed — at most <see cref="MaxPlans"/> times, so an abort reaches "rolled back" in one pass once
/// the router confirms weight 0 — then delete the revisions the last plan dropped. The reconciler and the planner tests
/// both run it, so what the tests drive is what the operator does.
/// </summary>
public static class RolloutPass
{
    /// <summary>The most plans in one pass (a walk through instant steps re-plans once per step that changed traffic).</summary>
    public const int MaxPlans = 6;

    /// <summary>Runs the pass from <paramref name="snapshot"/> at <paramref name="now"/>.</summary>
    /// <param name="snapshot">What the pass read: spec, status, revisions, traffic, the action annotation.</param>
    /// <param name="render">What the children are rendered from besides the plan.</param>
    /// <param name="effects">Analysis and the writes.</param>
    /// <param name="now">The pass's time (one instant for every plan of the pass).</param>
    /// <param name="ct">Cancels analysis calls and writes.</param>
    /// <returns>The last plan (its status is the one to write), the events of every plan, and a refused write if any.</returns>
    public static async Task<PassOutcome> RunAsync(RolloutSnapshot snapshot, RenderContext render, IPassEffects effects, DateTimeOffset now, CancellationToken ct)
    {
        var events = new List<RolloutEvent>();
        RolloutPlan plan = null!;
        PassFailure? failure = null;
        for (var i = 0; i < MaxPlans; i++)
        {
            var demand = RolloutPlanner.DemandedAnalysis(snapshot);
            AnalysisRunStatus? run = null;
            if (demand is not null)
            {
                var current = snapshot.Status.Analysis is { } a && a.IsFor(demand.Purpose, demand.Revision, demand.Version) ? a : null;
                run = await effects.AdvanceAnalysisAsync(demand, current, snapshot.Status, ct).ConfigureAwait(false);
            }

            plan = RolloutPlanner.Plan(snapshot, run, now);
            plan = plan with { Children = ChildrenRenderer.Render(plan, snapshot, render) };
            events.AddRange(plan.Events);
            if (plan.Children is not { } children)
            {
                break; // invalid spec, no rollout in flight: touch nothing
            }

            var applied = await effects.ApplyAsync(children, snapshot, ct).ConfigureAwait(false);
            if (applied.Failure is not null)
            {
                failure = applied.Failure;
                break;
            }

            var next = snapshot with { Status = plan.Status, Traffic = applied.Traffic, Revisions = applied.Revisions, ActionAnnotation = null };
            var nextDemand = RolloutPlanner.DemandedAnalysis(next);
            var replan = applied.Traffic != snapshot.Traffic || (nextDemand is not null && nextDemand != demand);
            snapshot = next;
            if (!replan)
            {
                break;
            }
        }

        if (plan.Revisions is not null && failure is null)
        {
            await effects.DeleteDroppedAsync(plan, snapshot, ct).ConfigureAwait(false);
        }

        return new PassOutcome(plan, events, failure);
    }
}

/// <summary>The result of <see cref="RolloutPass.RunAsync"/>.</summary>
/// <param name="Plan">The last plan: its status is what the pass writes.</param>
/// <param name="Events">The events of every plan of the pass, in order.</param>
/// <param name="Failure">The refused write that ended the pass early, or null.</param>
public sealed record PassOutcome(RolloutPlan Plan, IReadOnlyList<RolloutEvent> Events, PassFailure? Failure);
