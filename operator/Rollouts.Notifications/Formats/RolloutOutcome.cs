namespace Rollouts.Notifications.Formats;

/// <summary>How a transition reads to a person: what colours the Slack message and fills the JSON <c>outcome</c>.</summary>
public enum RolloutOutcome
{
    /// <summary><c>info</c>: progress (started, step completed, paused, resumed, …).</summary>
    Info,

    /// <summary><c>success</c>: the new version took over (RolloutCompleted, Promoted).</summary>
    Success,

    /// <summary><c>warning</c>: a person should look (AnalysisInconclusive, or any other Warning Event).</summary>
    Warning,

    /// <summary><c>failure</c>: the rollout failed (RolledBack, RolloutAborted, AnalysisFailed, AnalysisError, ProgressDeadlineExceeded).</summary>
    Failure,
}
