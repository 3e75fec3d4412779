namespace Rollouts.BenchOperator.Tests;

public sealed class RequestCountsTests
{
    [Fact]
    public void Writes_are_the_state_changing_verbs_and_rates_are_per_minute()
    {
        var counts = new RequestCounts(new Dictionary<string, long>
        {
            [RequestCounts.Key("patch", "services", null)] = 60,
            [RequestCounts.Key("APPLY", "deployments", "")] = 30,
            [RequestCounts.Key("create", "events", null)] = 6,
            [RequestCounts.Key("delete", "deployments", null)] = 4,
            [RequestCounts.Key("update", "modeldeployments", "status")] = 20,
            [RequestCounts.Key("get", "services", null)] = 100,
            [RequestCounts.Key("watch", "deployments", null)] = 2,
            [RequestCounts.Key("get", null, null)] = 1,
        }, Seconds: 120);

        counts.Total.ShouldBe(223);
        counts.Writes.ShouldBe(120);
        counts.WritesPerMinute.ShouldBe(60);
        counts.Counts.Keys.ShouldContain("UPDATE modeldeployments/status");
        counts.Counts.Keys.ShouldContain("GET -");
        counts.Summary(2).ShouldBe("GET services 100, PATCH services 60, … (6 more)");
    }

    [Fact]
    public void The_summary_shows_the_mean_latency_where_the_audit_log_gave_one()
    {
        var counts = new RequestCounts(new Dictionary<string, long> { ["PATCH services"] = 3, ["GET services"] = 1 }, 60)
        {
            MeanMilliseconds = new Dictionary<string, double> { ["PATCH services"] = 337.6 },
        };

        counts.Summary().ShouldBe("PATCH services 3 (338 ms), GET services 1");
    }

    [Fact]
    public void An_empty_interval_reads_none_and_zero()
    {
        var counts = new RequestCounts(new Dictionary<string, long>(), 0);
        counts.Summary().ShouldBe("none");
        counts.WritesPerMinute.ShouldBe(0);
    }
}
