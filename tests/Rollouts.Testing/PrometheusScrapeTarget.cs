namespace Rollouts.Testing;

/// <summary>
/// A scrape target as the cluster's service discovery would describe a serving pod: its address and the metadata
/// that <see cref="PrometheusServer"/>'s relabeling turns into the <c>namespace</c> and <c>pod</c> labels.
/// </summary>
/// <param name="Address">host:port of the pod's metrics endpoint (e.g. <c>127.0.0.1:41234</c>).</param>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Pod">The pod's name.</param>
/// <param name="Scrape">The prometheus.io/scrape annotation: targets without "true" are dropped by relabeling.</param>
public sealed record PrometheusScrapeTarget(string Address, string Namespace, string Pod, bool Scrape = true);
