namespace Rollouts.Serving.Feedback;

/// <summary>The label values of <see cref="FeedbackOutcome"/>.</summary>
public static class FeedbackOutcomes
{
    /// <summary><c>correct</c>, <c>incorrect</c> or <c>unmatched</c>.</summary>
    public static string Label(FeedbackOutcome outcome) => outcome switch
    {
        FeedbackOutcome.Correct => "correct",
        FeedbackOutcome.Incorrect => "incorrect",
        _ => "unmatched",
    };
}
