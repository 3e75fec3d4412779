using Rollouts.LocalCluster.Traffic;

namespace Rollouts.Demo;

/// <summary>The one-line traffic summary of a ModelDeployment that the demo and <c>make up</c> print.</summary>
public static class TrafficSummaryLine
{
    /// <summary>
    /// <c>traffic to NAME: VERSION: N ok / M failed, …, K sent before it was first ready, J without a ready endpoint
    /// after that</c>, versions in ordinal order; then, once feedback was sent, <c>feedback: N correct / M incorrect
    /// / K unmatched / J failed of S sent</c>.
    /// </summary>
    public static string Format(string name, TrafficStats stats)
    {
        var counts = stats.Snapshot();
        return $"traffic to {name}: "
               + string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value.Successes} ok / {c.Value.Failures} failed"))
               + $"{(counts.Count > 0 ? ", " : "")}{stats.NoEndpointBeforeFirstAnswer} sent before it was first ready, "
               + $"{stats.NoEndpoint} without a ready endpoint after that"
               + Feedback(stats.FeedbackSnapshot());
    }

    private static string Feedback(IReadOnlyDictionary<string, long> f) => !f.ContainsKey("sent") && !f.ContainsKey("no_id")
        ? ""
        : $"; feedback: {f.GetValueOrDefault("correct")} correct / {f.GetValueOrDefault("incorrect")} incorrect / {f.GetValueOrDefault("unmatched")} unmatched / {f.GetValueOrDefault("failed")} failed of {f.GetValueOrDefault("sent")} sent"
          + (f.GetValueOrDefault("no_id") > 0 ? $", {f["no_id"]} answers without a prediction id" : "");
}
