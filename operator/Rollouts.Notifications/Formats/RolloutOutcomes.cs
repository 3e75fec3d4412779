namespace Rollouts.Notifications.Formats;

/// <summary>Classifies a notification into a <see cref="RolloutOutcome"/> by its reason (the planner's reason names), then its Event type.</summary>
public static class RolloutOutcomes
{
    private static readonly IReadOnlyDictionary<string, RolloutOutcome> ByReason = new Dictionary<string, RolloutOutcome>(StringComparer.Ordinal)
    {
        ["RolledBack"] = RolloutOutcome.Failure,
        ["RolloutAborted"] = RolloutOutcome.Failure,
        ["AnalysisFailed"] = RolloutOutcome.Failure,
        ["AnalysisError"] = RolloutOutcome.Failure,
        ["ProgressDeadlineExceeded"] = RolloutOutcome.Failure,
        ["RolloutCompleted"] = RolloutOutcome.Success,
        ["Promoted"] = RolloutOutcome.Success,
        ["AnalysisInconclusive"] = RolloutOutcome.Warning,
    };

    /// <summary>The outcome of <paramref name="notification"/>: by reason where the reason is known, else Warning for a Warning Event, else Info.</summary>
    /// <param name="notification">The transition.</param>
    public static RolloutOutcome Of(RolloutNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return ByReason.TryGetValue(notification.Reason, out var outcome) ? outcome
            : notification.Warning ? RolloutOutcome.Warning
            : RolloutOutcome.Info;
    }

    /// <summary>The lower-case name used in payloads: info, success, warning, failure.</summary>
    /// <param name="outcome">An outcome.</param>
    public static string Name(RolloutOutcome outcome) => outcome switch
    {
        RolloutOutcome.Success => "success",
        RolloutOutcome.Warning => "warning",
        RolloutOutcome.Failure => "failure",
        _ => "info",
    };
}
