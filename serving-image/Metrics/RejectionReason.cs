namespace Rollouts.Serving.Metrics;

/// <summary>Why a request was refused before it reached the model: the <c>reason</c> label of <c>model_inference_rejected_requests_total</c>.</summary>
public enum RejectionReason
{
    /// <summary>No or a wrong credential (<c>unauthenticated</c>).</summary>
    Unauthenticated,

    /// <summary>Over the client's rate limit (<c>rate_limited</c>).</summary>
    RateLimited,

    /// <summary>The queue for the model was full (<c>queue_full</c>).</summary>
    QueueFull,
}
