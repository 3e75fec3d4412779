using Rollouts.Demo.Scenarios;

namespace Rollouts.Demo;

/// <summary>A whole demo: starts the <see cref="DemoRig"/>, plays the scenarios in order, stops everything (also when cancelled).</summary>
public static class DemoSession
{
    /// <summary>
    /// Runs the demo; the results of the scenarios that ran (all of them unless cancelled) and the failed requests of
    /// each promoted version (<see cref="PromotedTraffic"/>).
    /// </summary>
    /// <param name="options">Settings.</param>
    /// <param name="output">Receives every line to show.</param>
    /// <param name="ct">Cancellation (Ctrl-C): everything is stopped, then <see cref="OperationCanceledException"/> is thrown.</param>
    public static async Task<(IReadOnlyList<ScenarioResult> Results, IReadOnlyList<PromotedTraffic.Count> Promoted)> RunAsync(DemoOptions options, Action<string> output, CancellationToken ct)
    {
        await using var rig = await DemoRig.StartAsync(options, output, ct).ConfigureAwait(false);
        var results = new List<ScenarioResult>();
        try
        {
            foreach (var scenario in DemoScenarios.All)
            {
                output("");
                output($"== {(scenario.Setup ? "setup" : "scenario")} {scenario.Id}: {scenario.Title} — expected: {scenario.ExpectedText}");
                var result = await rig.RunAsync(scenario, ct).ConfigureAwait(false);
                results.Add(result);
                output($"== {scenario.Id}: {result.ActualText} in {result.RolloutTime.TotalSeconds:0.0} s{(result.AsExpected ? "" : "  <-- NOT AS EXPECTED")}");
            }
        }
        finally
        {
            output("");
            foreach (var line in rig.TrafficSummary())
            {
                output(line);
            }
        }

        var promoted = PromotedTraffic.Of(results, rig.Traffic.ToDictionary(t => t.Key, t => t.Value.Stats));
        output(PromotedTraffic.Format(promoted).Line);
        return (results, promoted);
    }
}
