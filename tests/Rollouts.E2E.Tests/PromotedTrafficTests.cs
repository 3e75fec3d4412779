using Rollouts.Demo;
using Rollouts.Demo.Scenarios;
using Rollouts.LocalCluster.Traffic;

namespace Rollouts.E2E.Tests;

/// <summary>The demo's verdict on promoted versions: each promoted version's failed requests, counted once, must be 0.</summary>
public sealed class PromotedTrafficTests
{
    private static ScenarioResult Result(string id, ExpectedOutcome? actual) =>
        new(DemoScenarios.All.Single(s => s.Id == id), actual, "", null, null, TimeSpan.Zero, "");

    [Fact]
    public void Only_promoted_versions_count_and_one_failure_of_one_fails_the_verdict()
    {
        var iris = new TrafficStats();
        iris.Record("1.0.0", success: true);
        iris.Record("2.0.0", success: true);
        iris.Record("2.0.0", success: true);
        iris.Record("2.1.0", success: false); // the broken canary's failures are expected, not counted
        var bg = new TrafficStats();
        bg.Record("2.0.0", success: true);
        var traffic = new Dictionary<string, TrafficStats> { ["iris"] = iris, ["iris-bg"] = bg };
        var results = new[] { Result("1", ExpectedOutcome.Promoted), Result("2", ExpectedOutcome.Promoted), Result("3", ExpectedOutcome.RolledBack), Result("4a", ExpectedOutcome.Promoted) };

        var counts = PromotedTraffic.Of(results, traffic);

        counts.ShouldBe([new("iris", "1.0.0", 1, 0), new("iris", "2.0.0", 2, 0), new("iris-bg", "2.0.0", 1, 0)]);
        PromotedTraffic.Format(counts).ShouldBe(("failed requests of promoted versions: iris 1.0.0: 0 of 1, iris 2.0.0: 0 of 2, iris-bg 2.0.0: 0 of 1", true));

        iris.Record("2.0.0", success: false);
        PromotedTraffic.Format(PromotedTraffic.Of(results, traffic)).AllZero.ShouldBeFalse();
    }
}
