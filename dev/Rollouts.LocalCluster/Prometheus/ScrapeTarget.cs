namespace Rollouts.LocalCluster.Prometheus;

/// <summary>A pod to scrape: its address and the labels Prometheus attaches (as the real cluster's relabeling does).</summary>
/// <param name="Address">host:port, e.g. <c>127.0.1.3:8080</c>.</param>
/// <param name="MetricsPath">Path of the metrics endpoint (annotation <c>prometheus.io/path</c>, default <c>/metrics</c>).</param>
/// <param name="Namespace">Pod namespace (label <c>namespace</c>).</param>
/// <param name="Pod">Pod name (label <c>pod</c>).</param>
/// <param name="PodLabels">The pod's labels, added with names sanitized as Prometheus' <c>labelmap</c> of <c>__meta_kubernetes_pod_label_(.+)</c> does.</param>
public sealed record ScrapeTarget(string Address, string MetricsPath, string Namespace, string Pod, IReadOnlyDictionary<string, string> PodLabels);
