namespace Rollouts.Serving.Metrics;

/// <summary>
/// The server's metric updates (names in seams §5, every series labelled model_name and model_version).
/// Kept behind this interface so the metrics library (prometheus-net) is wired in one file (<see cref="PrometheusServingMetrics"/>).
/// </summary>
public interface IServingMetrics
{
    /// <summary>An infer request finished with <paramref name="statusCode"/> after <paramref name="seconds"/>.</summary>
    void RequestFinished(int statusCode, double seconds);

    /// <summary>Adds <paramref name="delta"/> (+1 or -1) to the in-flight infer requests.</summary>
    void InFlight(int delta);

    /// <summary>Time a request waited in the batch queue before its Run started, in seconds.</summary>
    void Queued(double seconds);

    /// <summary>One ONNX Runtime Run of <paramref name="rows"/> rows (the batch size) took <paramref name="seconds"/>.</summary>
    void Computed(long rows, double seconds);

    /// <summary>The model was loaded (fetch, session creation and warm-up) in <paramref name="seconds"/>.</summary>
    void ModelLoaded(double seconds, string runtimeVersion);

    /// <summary>A request was refused before reaching the model (load shedding, rate limit, authentication).</summary>
    void Rejected(RejectionReason reason);

    /// <summary>Adds <paramref name="delta"/> (+1 or -1) to the requests waiting for the model.</summary>
    void QueueDepth(int delta);

    /// <summary>
    /// <paramref name="labels"/> true labels of feedback were judged <paramref name="outcome"/> for a prediction made by
    /// <paramref name="predictionRevision"/> ("" when unknown): <c>model_feedback_total</c>.
    /// </summary>
    void Feedback(string predictionRevision, Feedback.FeedbackOutcome outcome, int labels);

    /// <summary>Feedback arrived <paramref name="seconds"/> after its prediction was made: <c>model_feedback_delay_seconds</c>.</summary>
    void FeedbackDelay(double seconds);

    /// <summary>A shadow copy to <paramref name="candidateRevision"/> was compared: <c>model_shadow_comparisons_total</c>.</summary>
    void ShadowCompared(string candidateRevision, Shadow.ShadowOutcome outcome);

    /// <summary>A shadow copy to <paramref name="candidateRevision"/> was dropped: <c>model_shadow_dropped_total</c>.</summary>
    void ShadowDropped(string candidateRevision, Shadow.ShadowDrop reason);

    /// <summary>The largest absolute float difference of one compared pair (unitless): <c>model_shadow_difference</c>.</summary>
    void ShadowDifference(string candidateRevision, double difference);
}
