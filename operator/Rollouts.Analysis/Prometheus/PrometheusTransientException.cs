namespace Rollouts.Analysis.Prometheus;

/// <summary>A Prometheus answer worth retrying (HTTP 429 or 5xx); internal to the client's resilience pipeline.</summary>
/// <param name="message">The HTTP status and Prometheus' error text.</param>
public sealed class PrometheusTransientException(string message) : Exception(message);
