namespace Rollouts.Analysis.Prometheus;

/// <summary>Prometheus instant queries (HTTP API <c>/api/v1/query</c>).</summary>
public interface IPrometheusClient
{
    /// <summary>
    /// Evaluates <paramref name="query"/> at <paramref name="time"/>. Never throws for a failed query: transport
    /// errors, timeouts, an open circuit, HTTP and Prometheus errors come back as <see cref="QueryOutcome.Error"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    Task<QueryResult> QueryAsync(string query, DateTimeOffset time, CancellationToken ct);
}
