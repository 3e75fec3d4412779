namespace Rollouts.Operator.Planning;

/// <summary>Manual actions (annotation <c>ml.rollouts.dev/action</c>).</summary>
public enum RolloutAction
{
    /// <summary>Finish the current pause/analysis/wait and go on to the next step (refused while analysis is failing).</summary>
    Promote,

    /// <summary>Skip all remaining steps: full size, then all traffic to the new revision (always allowed).</summary>
    PromoteFull,

    /// <summary>Abort: traffic back to stable, then rolled back (always allowed).</summary>
    Abort,

    /// <summary>Restart an aborted rollout of the same revision from step 0.</summary>
    Retry,

    /// <summary>Hold the rollout at its current step.</summary>
    Pause,

    /// <summary>Release a manual pause (and re-run an inconclusive analysis).</summary>
    Resume,
}
