using System.Collections.Concurrent;
using Rollouts.Analysis.Prometheus;

namespace Rollouts.Analysis.Tests;

/// <summary>A Prometheus stand-in for runner tests: answers each query by the first rule whose key it contains.</summary>
public sealed class ScriptedPrometheus : IPrometheusClient
{
    private readonly ConcurrentQueue<(string Query, DateTimeOffset Time)> calls = new();

    public List<(string Contains, Func<QueryResult> Answer)> Rules { get; } = [];

    public IReadOnlyList<(string Query, DateTimeOffset Time)> Calls => calls.ToList();

    public ScriptedPrometheus Answer(string contains, QueryResult result)
    {
        Rules.Insert(0, (contains, () => result));
        return this;
    }

    public Task<QueryResult> QueryAsync(string query, DateTimeOffset time, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        calls.Enqueue((query, time));
        var rule = Rules.FirstOrDefault(r => query.Contains(r.Contains, StringComparison.Ordinal));
        return Task.FromResult(rule.Answer?.Invoke() ?? QueryResult.Empty);
    }
}
