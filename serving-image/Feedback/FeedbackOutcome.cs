namespace Rollouts.Serving.Feedback;

/// <summary>How one true label of feedback was judged: the <c>outcome</c> label of <c>model_feedback_total</c>.</summary>
public enum FeedbackOutcome
{
    /// <summary>The prediction's label for the row equals the true label (<c>correct</c>).</summary>
    Correct,

    /// <summary>It differs (<c>incorrect</c>).</summary>
    Incorrect,

    /// <summary>The prediction id could not be attributed: garbled, of a model without labels, or another row count (<c>unmatched</c>).</summary>
    Unmatched,
}
