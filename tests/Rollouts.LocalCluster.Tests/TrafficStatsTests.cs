using Rollouts.LocalCluster.Traffic;

namespace Rollouts.LocalCluster.Tests;

public sealed class TrafficStatsTests
{
    [Fact]
    public void Requests_without_an_endpoint_count_apart_before_and_after_the_first_answer()
    {
        var stats = new TrafficStats();
        stats.RecordNoEndpoint();
        stats.RecordNoEndpoint();
        stats.Record("1.0.0", success: true);
        stats.RecordNoEndpoint();
        stats.Record("1.0.0", success: false);

        stats.NoEndpointBeforeFirstAnswer.ShouldBe(2);
        stats.NoEndpoint.ShouldBe(1);
        stats.Snapshot()["1.0.0"].ShouldBe((1L, 1L));
    }

    [Fact]
    public void A_failed_answer_also_ends_the_before_first_answer_count()
    {
        var stats = new TrafficStats();
        stats.Record("2.1.0", success: false);
        stats.RecordNoEndpoint();

        stats.NoEndpointBeforeFirstAnswer.ShouldBe(0);
        stats.NoEndpoint.ShouldBe(1);
    }
}
