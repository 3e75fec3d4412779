using System.Globalization;
using Prometheus;
using Rollouts.Serving.Drift;
using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Metrics;

/// <summary>
/// <see cref="IServingMetrics"/> over prometheus-net 8.2.1 (seams §5 names; every series labelled model_name and
/// model_version, and model_deployment / model_revision when <see cref="SeriesIdentity"/> gives them) in the server's
/// own <see cref="CollectorRegistry"/>, so nothing but these families is exported (no process or runtime collectors,
/// no meter listeners). Labelled children are resolved once and cached (per status code for the request counter), so
/// the hot path is lock-free increments; exemplars are off, since the text format 0.0.4 that <c>/metrics</c> serves
/// cannot carry them and recording them costs every observation. Drift PSI gauges are set from the drift monitor just
/// before each scrape.
/// </summary>
public sealed class PrometheusServingMetrics : IServingMetrics
{
    /// <summary>Request duration buckets in seconds (0.5 ms … 10 s).</summary>
    public static readonly double[] RequestBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Queue and compute duration buckets in seconds (50 µs … 5 s).</summary>
    public static readonly double[] StageBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    /// <summary>Batch size buckets in rows.</summary>
    public static readonly double[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    /// <summary>Feedback delay buckets in seconds (1 s … 1 day).</summary>
    public static readonly double[] FeedbackDelayBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];

    /// <summary>Shadow difference buckets (unitless, largest absolute element-wise difference: 1e-6 … 1).</summary>
    public static readonly double[] ShadowDifferenceBuckets = [0.000001, 0.00001, 0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1];

    private static readonly string[] ModelLabels = ["model_name", "model_version"];

    private readonly string name;
    private readonly string version;
    private readonly MetricFactory factory;
    private readonly Prometheus.Counter requestsFamily;
    private readonly Prometheus.Counter.Child?[] requestsByCode = new Prometheus.Counter.Child?[600];
    private readonly Prometheus.Histogram.Child duration;
    private readonly Prometheus.Histogram.Child queue;
    private readonly Prometheus.Histogram.Child compute;
    private readonly Prometheus.Histogram.Child batchSize;
    private readonly Prometheus.Gauge.Child inFlight;
    private readonly Prometheus.Gauge.Child loadDuration;
    private readonly Prometheus.Gauge.Child queued;
    private readonly Prometheus.Counter.Child[] rejected;
    private readonly Prometheus.Gauge info;
    private readonly Prometheus.Gauge featureDrift;
    private readonly Prometheus.Gauge predictionDrift;
    private readonly Prometheus.Counter feedback;
    private readonly Prometheus.Histogram.Child feedbackDelay;
    private readonly Prometheus.Counter shadowComparisons;
    private readonly Prometheus.Counter shadowDropped;
    private readonly Prometheus.Histogram shadowDifference;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> feedbackRevisions = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> shadowCandidates = new(StringComparer.Ordinal);

    /// <summary>Registers the server's metrics in <paramref name="registry"/>.</summary>
    public PrometheusServingMetrics(CollectorRegistry registry, ServingOptions options, DriftState drift)
    {
        name = options.ModelName;
        version = options.ModelVersion;
        if (options.Identity.Labels() is { Count: > 0 } constant)
        {
            // Registry-wide constant labels: every family below carries the ModelDeployment and the revision.
            registry.SetStaticLabels(constant.ToDictionary());
        }

        factory = Prometheus.Metrics.WithCustomRegistry(registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        requestsFamily = Counter("model_inference_requests_total", "Infer requests by HTTP status code.", "model_name", "model_version", "code");
        duration = Histogram("model_inference_request_duration_seconds", "Infer request duration from routing to response, in seconds.", RequestBuckets);
        queue = Histogram("model_inference_queue_duration_seconds", "Time a request waited for its ONNX Runtime Run (batch queue), in seconds.", StageBuckets);
        compute = Histogram("model_inference_compute_duration_seconds", "Duration of one ONNX Runtime Run, in seconds.", StageBuckets);
        batchSize = Histogram("model_inference_batch_size", "Rows per ONNX Runtime Run.", BatchBuckets);
        inFlight = Gauge("model_inference_in_flight_requests", "Infer requests being handled.", ModelLabels).WithLabels(name, version);
        queued = Gauge("model_inference_queued_requests", "Infer requests waiting for the model (batch queue, or unbatched Runs); bounded by --max-queued-requests.", ModelLabels).WithLabels(name, version);
        var rejections = Counter("model_inference_rejected_requests_total", "Requests refused before reaching the model, by reason (unauthenticated, rate_limited, queue_full).", "model_name", "model_version", "reason");
        rejected = [.. Enum.GetValues<RejectionReason>().Select(r => rejections.WithLabels(name, version, ReasonLabel(r)))];
        loadDuration = Gauge("model_load_duration_seconds", "Time to fetch, load and warm up the model, in seconds.", ModelLabels).WithLabels(name, version);
        info = Gauge("model_info", "The served model; value 1.", "model_name", "model_version", "runtime_version");
        featureDrift = Gauge("model_feature_drift_psi", "PSI of each input feature over the sliding window against the baseline (Evidently's psi stat test).", "model_name", "model_version", "feature");
        predictionDrift = Gauge("model_prediction_drift_psi", "PSI of the prediction over the sliding window against the baseline (Evidently's psi stat test).", ModelLabels);
        feedback = Counter("model_feedback_total", "True labels received as feedback, by the revision that made the prediction and outcome (correct, incorrect, unmatched: the prediction id could not be attributed).", "model_name", "model_version", "prediction_revision", "outcome");
        feedbackDelay = Histogram("model_feedback_delay_seconds", "Time from a prediction to its feedback, in seconds.", FeedbackDelayBuckets);
        shadowComparisons = Counter("model_shadow_comparisons_total", "Shadow copies compared with the candidate revision's answer, by outcome (agree, disagree, error: non-2xx, refused or unreadable).", "model_name", "model_version", "candidate_revision", "outcome");
        shadowDropped = Counter("model_shadow_dropped_total", "Shadow copies dropped, by reason (overloaded: --shadow-max-in-flight reached; timeout: no answer within --shadow-timeout).", "model_name", "model_version", "candidate_revision", "reason");
        shadowDifference = factory.CreateHistogram("model_shadow_difference", "Largest absolute element-wise difference between the stable's and the candidate's float outputs of one shadow copy (unitless).", ["model_name", "model_version", "candidate_revision"], new HistogramConfiguration { Buckets = ShadowDifferenceBuckets });
        registry.AddBeforeCollectCallback(() => SetDrift(drift));
    }

    /// <inheritdoc />
    public void RequestFinished(int statusCode, double seconds)
    {
        var code = (uint)statusCode < requestsByCode.Length ? statusCode : 0;
        var child = requestsByCode[code] ??= requestsFamily.WithLabels(name, version, statusCode.ToString(CultureInfo.InvariantCulture));
        child.Inc();
        duration.Observe(seconds);
    }

    /// <inheritdoc />
    public void InFlight(int delta) => inFlight.Inc(delta);

    /// <inheritdoc />
    public void Queued(double seconds) => queue.Observe(seconds);

    /// <inheritdoc />
    public void Computed(long rows, double seconds)
    {
        compute.Observe(seconds);
        batchSize.Observe(rows);
    }

    /// <inheritdoc />
    public void ModelLoaded(double seconds, string runtimeVersion)
    {
        loadDuration.Set(seconds);
        info.WithLabels(name, version, runtimeVersion).Set(1);
    }

    /// <inheritdoc />
    public void Rejected(RejectionReason reason) => rejected[(int)reason].Inc();

    /// <inheritdoc />
    public void QueueDepth(int delta) => queued.Inc(delta);

    /// <inheritdoc />
    public void Feedback(string predictionRevision, Feedback.FeedbackOutcome outcome, int labels)
    {
        if (feedbackRevisions.TryAdd(predictionRevision, 0))
        {
            // Every outcome's series from the first label on: increase() over a window counts a series only from its
            // first sample, so an outcome whose series appeared later would lose its first count and bias the share.
            foreach (var o in Enum.GetValues<Feedback.FeedbackOutcome>())
            {
                feedback.WithLabels(name, version, predictionRevision, Serving.Feedback.FeedbackOutcomes.Label(o)).Inc(0);
            }
        }

        feedback.WithLabels(name, version, predictionRevision, Serving.Feedback.FeedbackOutcomes.Label(outcome)).Inc(labels);
    }

    /// <inheritdoc />
    public void FeedbackDelay(double seconds) => feedbackDelay.Observe(Math.Max(0, seconds));

    /// <inheritdoc />
    public void ShadowCompared(string candidateRevision, Shadow.ShadowOutcome outcome)
    {
        TouchShadowSeries(candidateRevision);
        shadowComparisons.WithLabels(name, version, candidateRevision, outcome.ToString().ToLowerInvariant()).Inc();
    }

    /// <inheritdoc />
    public void ShadowDropped(string candidateRevision, Shadow.ShadowDrop reason)
    {
        TouchShadowSeries(candidateRevision);
        shadowDropped.WithLabels(name, version, candidateRevision, reason.ToString().ToLowerInvariant()).Inc();
    }

    /// <summary>Creates every outcome's and drop reason's series of a new candidate at 0 (see <see cref="Feedback"/> for why).</summary>
    private void TouchShadowSeries(string candidateRevision)
    {
        if (!shadowCandidates.TryAdd(candidateRevision, 0))
        {
            return;
        }

        foreach (var o in Enum.GetValues<Shadow.ShadowOutcome>())
        {
            shadowComparisons.WithLabels(name, version, candidateRevision, o.ToString().ToLowerInvariant()).Inc(0);
        }

        foreach (var r in Enum.GetValues<Shadow.ShadowDrop>())
        {
            shadowDropped.WithLabels(name, version, candidateRevision, r.ToString().ToLowerInvariant()).Inc(0);
        }
    }

    /// <inheritdoc />
    public void ShadowDifference(string candidateRevision, double difference) =>
        shadowDifference.WithLabels(name, version, candidateRevision).Observe(difference);

    /// <summary>The <c>reason</c> label of a rejection.</summary>
    public static string ReasonLabel(RejectionReason reason) => reason switch
    {
        RejectionReason.Unauthenticated => "unauthenticated",
        RejectionReason.RateLimited => "rate_limited",
        _ => "queue_full",
    };

    // Registration helpers take the metric name first, so the name stands as a literal at each call (the dashboard
    // test in tests/Rollouts.Shipping.Tests reads the exported names from such calls).
    private Prometheus.Counter Counter(string metric, string help, params string[] labels) => factory.CreateCounter(metric, help, labels);

    private Prometheus.Gauge Gauge(string metric, string help, params string[] labels) => factory.CreateGauge(metric, help, labels);

    private Prometheus.Histogram.Child Histogram(string metric, string help, double[] buckets) =>
        factory.CreateHistogram(metric, help, ModelLabels, new HistogramConfiguration { Buckets = buckets }).WithLabels(name, version);

    /// <summary>PSI per feature and of the prediction; a feature whose window is still empty has no series.</summary>
    private void SetDrift(DriftState drift)
    {
        if (drift.Monitor is not { } monitor)
        {
            return;
        }

        foreach (var (feature, psi) in monitor.FeaturePsi())
        {
            featureDrift.WithLabels(name, version, feature).Set(psi);
        }

        if (monitor.PredictionPsi() is double prediction)
        {
            predictionDrift.WithLabels(name, version).Set(prediction);
        }
    }
}
