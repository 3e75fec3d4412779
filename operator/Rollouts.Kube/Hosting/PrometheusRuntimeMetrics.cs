using System.Globalization;
using Prometheus;

namespace Rollouts.Kube;

/// <summary>
/// <see cref="IRuntimeMetrics"/> on a prometheus-net <see cref="CollectorRegistry"/> (one per host, not the static
/// default), with the series names of client-go and controller-runtime so existing dashboards apply:
/// <c>rest_client_requests_total{verb,resource,code}</c>, <c>rest_client_request_duration_seconds{verb}</c>,
/// <c>workqueue_depth{name}</c>, <c>workqueue_adds_total{name}</c>, <c>workqueue_queue_duration_seconds{name}</c>,
/// <c>workqueue_work_duration_seconds{name}</c>, <c>workqueue_retries_total{name}</c>,
/// <c>controller_runtime_reconcile_total{controller,result}</c>, <c>controller_runtime_reconcile_errors_total{controller}</c>,
/// <c>controller_runtime_reconcile_time_seconds{controller}</c>, <c>leader_election_master_status{name}</c>.
/// </summary>
public sealed class PrometheusRuntimeMetrics : IRuntimeMetrics
{
    private static readonly double[] LatencyBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private readonly Counter requests;
    private readonly Histogram requestDuration;
    private readonly Gauge depth;
    private readonly Counter adds;
    private readonly Histogram queueDuration;
    private readonly Histogram workDuration;
    private readonly Counter retries;
    private readonly Counter reconciles;
    private readonly Counter reconcileErrors;
    private readonly Histogram reconcileTime;
    private readonly Gauge leader;

    /// <summary>Registers the series in <paramref name="registry"/>.</summary>
    public PrometheusRuntimeMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        requests = factory.CreateCounter("rest_client_requests_total", "Kubernetes API requests (each try) by verb, resource and HTTP code (0 = transport failure).", ["verb", "resource", "code"]);
        requestDuration = factory.CreateHistogram("rest_client_request_duration_seconds", "Kubernetes API request latency.", ["verb"], Buckets());
        depth = factory.CreateGauge("workqueue_depth", "Keys ready in the work queue.", ["name"]);
        adds = factory.CreateCounter("workqueue_adds_total", "Keys added to the work queue.", ["name"]);
        queueDuration = factory.CreateHistogram("workqueue_queue_duration_seconds", "Time a key waits in the queue before a worker takes it.", ["name"], Buckets());
        workDuration = factory.CreateHistogram("workqueue_work_duration_seconds", "Time a worker holds a key.", ["name"], Buckets());
        retries = factory.CreateCounter("workqueue_retries_total", "Rate-limited re-adds (retries).", ["name"]);
        reconciles = factory.CreateCounter("controller_runtime_reconcile_total", "Reconciles by result (success, requeue_after, error, terminal_error).", ["controller", "result"]);
        reconcileErrors = factory.CreateCounter("controller_runtime_reconcile_errors_total", "Reconciles that failed (error or terminal_error).", ["controller"]);
        reconcileTime = factory.CreateHistogram("controller_runtime_reconcile_time_seconds", "Reconcile duration.", ["controller"], Buckets());
        leader = factory.CreateGauge("leader_election_master_status", "1 while this replica leads the named lease.", ["name"]);
    }

    /// <summary>The registry the series live in (what <c>/metrics</c> exports).</summary>
    public CollectorRegistry Registry { get; }

    /// <inheritdoc />
    public void ApiRequest(string verb, string resource, int code, double seconds)
    {
        requests.WithLabels(verb, resource, code.ToString(CultureInfo.InvariantCulture)).Inc();
        requestDuration.WithLabels(verb).Observe(seconds);
    }

    /// <inheritdoc />
    public void QueueAdd(string queue) => adds.WithLabels(queue).Inc();

    /// <inheritdoc />
    public void QueueDepth(string queue, int value) => depth.WithLabels(queue).Set(value);

    /// <inheritdoc />
    public void QueueLatency(string queue, double seconds) => queueDuration.WithLabels(queue).Observe(seconds);

    /// <inheritdoc />
    public void WorkDuration(string queue, double seconds) => workDuration.WithLabels(queue).Observe(seconds);

    /// <inheritdoc />
    public void QueueRetry(string queue) => retries.WithLabels(queue).Inc();

    /// <inheritdoc />
    public void Reconcile(string controller, string result, double seconds)
    {
        reconciles.WithLabels(controller, result).Inc();
        if (result is "error" or "terminal_error")
        {
            reconcileErrors.WithLabels(controller).Inc();
        }

        reconcileTime.WithLabels(controller).Observe(seconds);
    }

    /// <inheritdoc />
    public void Leader(string lease, bool isLeader) => leader.WithLabels(lease).Set(isLeader ? 1 : 0);

    private static HistogramConfiguration Buckets() => new() { Buckets = LatencyBuckets };
}
