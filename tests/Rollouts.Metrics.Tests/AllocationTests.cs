namespace Rollouts.Metrics.Tests;

public sealed class AllocationTests
{
    [Fact]
    public void Hot_path_updates_and_cached_label_lookups_do_not_allocate()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("requests_total", "h", "model_name", "model_version", "code");
        var gauge = registry.Gauge("in_flight", "h", "model_name");
        var histogram = registry.Histogram("duration_seconds", "h", Buckets.DefaultSeconds, "model_name");
        const string Model = "iris";
        const string Version = "v2";
        const string Code = "200";

        void HotPath()
        {
            counter.WithLabels(Model, Version, Code).Inc();
            gauge.WithLabels(Model).Inc();
            histogram.WithLabels(Model).Observe(0.003);
            gauge.WithLabels(Model).Dec();
        }

        for (var i = 0; i < 10_000; i++)
        {
            HotPath(); // create the children and let the JIT settle
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            HotPath();
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        counter.WithLabels(Model, Version, Code).Value.ShouldBe(20_000);
    }
}
