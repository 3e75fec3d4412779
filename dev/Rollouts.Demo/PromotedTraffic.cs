using Rollouts.Demo.Scenarios;
using Rollouts.LocalCluster.Traffic;

namespace Rollouts.Demo;

/// <summary>
/// Failed requests of every version a scenario promoted (issue 12 item 3: promotions and rollbacks drop no request):
/// counted by the traffic generator of its ModelDeployment over the whole demo, so the rollouts after the promotion
/// (canaries, rollbacks, their pods' deletion) count too. Each must be 0.
/// </summary>
public static class PromotedTraffic
{
    /// <summary>One promoted version and what its traffic saw.</summary>
    /// <param name="Deployment">The ModelDeployment.</param>
    /// <param name="Version">The promoted version.</param>
    /// <param name="Successes">Requests it answered 2xx.</param>
    /// <param name="Failures">Requests routed to it that failed (non-2xx or no answer).</param>
    public sealed record Count(string Deployment, string Version, long Successes, long Failures);

    /// <summary>The counts of the versions the <paramref name="results"/> promoted, in scenario order, once each.</summary>
    public static IReadOnlyList<Count> Of(IEnumerable<ScenarioResult> results, IReadOnlyDictionary<string, TrafficStats> traffic) =>
        [.. results
            .Where(r => r.Actual == ExpectedOutcome.Promoted)
            .Select(r => (r.Scenario.DeploymentName, r.Scenario.Version))
            .Distinct()
            .Select(k =>
            {
                var byVersion = traffic.TryGetValue(k.DeploymentName, out var stats) ? stats.Snapshot() : new Dictionary<string, (long, long)>();
                var (ok, failed) = byVersion.TryGetValue(k.Version, out var c) ? c : (0, 0);
                return new Count(k.DeploymentName, k.Version, ok, failed);
            })];

    /// <summary><c>failed requests of promoted versions: iris 1.0.0: 0 of 812, …</c>, and whether all are 0.</summary>
    public static (string Line, bool AllZero) Format(IReadOnlyList<Count> counts) =>
        ("failed requests of promoted versions: "
         + (counts.Count == 0 ? "none promoted" : string.Join(", ", counts.Select(c => $"{c.Deployment} {c.Version}: {c.Failures} of {c.Successes + c.Failures}"))),
         counts.All(c => c.Failures == 0));
}
