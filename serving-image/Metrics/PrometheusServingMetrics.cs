using Rollouts.Metrics;
using Rollouts.Serving.Drift;
using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Metrics;

/// <summary>
/// <see cref="IServingMetrics"/> over <see cref="MetricRegistry"/> (seams §5 names; every series labelled model_name and
/// model_version). Children are resolved once and cached (per status code for the request counter); drift PSI series
/// are callback gauges computed at scrape time.
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

    private readonly string name;
    private readonly string version;
    private readonly Counter requestsFamily;
    private readonly CounterChild?[] requestsByCode = new CounterChild?[600];
    private readonly HistogramChild duration;
    private readonly HistogramChild queue;
    private readonly HistogramChild compute;
    private readonly HistogramChild batchSize;
    private readonly GaugeChild inFlight;
    private readonly GaugeChild loadDuration;
    private readonly Gauge info;

    /// <summary>Registers the server's metrics in <paramref name="registry"/>.</summary>
    public PrometheusServingMetrics(MetricRegistry registry, ServingOptions options, DriftState drift)
    {
        name = options.ModelName;
        version = options.ModelVersion;
        requestsFamily = registry.Counter("model_inference_requests_total", "Infer requests by HTTP status code.", "model_name", "model_version", "code");
        duration = registry.Histogram("model_inference_request_duration_seconds", "Infer request duration from routing to response, in seconds.", RequestBuckets, "model_name", "model_version").WithLabels(name, version);
        queue = registry.Histogram("model_inference_queue_duration_seconds", "Time a request waited for its ONNX Runtime Run (batch queue), in seconds.", StageBuckets, "model_name", "model_version").WithLabels(name, version);
        compute = registry.Histogram("model_inference_compute_duration_seconds", "Duration of one ONNX Runtime Run, in seconds.", StageBuckets, "model_name", "model_version").WithLabels(name, version);
        batchSize = registry.Histogram("model_inference_batch_size", "Rows per ONNX Runtime Run.", BatchBuckets, "model_name", "model_version").WithLabels(name, version);
        inFlight = registry.Gauge("model_inference_in_flight_requests", "Infer requests being handled.", "model_name", "model_version").WithLabels(name, version);
        loadDuration = registry.Gauge("model_load_duration_seconds", "Time to fetch, load and warm up the model, in seconds.", "model_name", "model_version").WithLabels(name, version);
        info = registry.Gauge("model_info", "The served model; value 1.", "model_name", "model_version", "runtime_version");
        registry.GaugeCallback("model_feature_drift_psi", "PSI of each input feature over the sliding window against the baseline (Evidently's psi stat test).", () => FeatureSeries(drift), "model_name", "model_version", "feature");
        registry.GaugeCallback("model_prediction_drift_psi", "PSI of the prediction over the sliding window against the baseline (Evidently's psi stat test).", () => PredictionSeries(drift), "model_name", "model_version");
    }

    /// <inheritdoc />
    public void RequestFinished(int statusCode, double seconds)
    {
        var code = (uint)statusCode < requestsByCode.Length ? statusCode : 0;
        var child = requestsByCode[code] ??= requestsFamily.WithLabels(name, version, statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    private IEnumerable<(string[] Labels, double Value)> FeatureSeries(DriftState drift)
    {
        if (drift.Monitor is not { } monitor)
        {
            yield break;
        }

        foreach (var (feature, psi) in monitor.FeaturePsi())
        {
            yield return ([name, version, feature], psi);
        }
    }

    private IEnumerable<(string[] Labels, double Value)> PredictionSeries(DriftState drift)
    {
        if (drift.Monitor?.PredictionPsi() is double psi)
        {
            yield return ([name, version], psi);
        }
    }
}
