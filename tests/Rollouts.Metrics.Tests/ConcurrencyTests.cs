namespace Rollouts.Metrics.Tests;

public sealed class ConcurrencyTests
{
    private const int Threads = 8;
    private const int PerThread = 50_000;

    [Fact]
    public void Concurrent_increments_sum_exactly()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("hits_total", "h", "code");
        var gauge = registry.Gauge("level", "h");
        RunInParallel(_ =>
        {
            var child = counter.WithLabels("200");
            for (var i = 0; i < PerThread; i++)
            {
                child.Inc();
                gauge.Inc(2);
                gauge.Dec();
            }
        });

        counter.WithLabels("200").Value.ShouldBe(Threads * PerThread);
        gauge.Value.ShouldBe(Threads * PerThread);
        ExpositionParser.Parse(registry.ToText())[0].Samples.Single().Value.ShouldBe(Threads * PerThread);
    }

    [Fact]
    public async Task Concurrent_observations_keep_count_buckets_and_sum_exact_and_consistent()
    {
        var registry = new MetricRegistry();
        var histogram = registry.Histogram("work_seconds", "h", [1, 2, 3], "kind");
        var scrapeErrors = 0;
        using var stop = new CancellationTokenSource();
        var scraper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    ExpositionParser.Parse(registry.ToText()); // _count must equal +Inf in every snapshot
                }
                catch (FormatException)
                {
                    Interlocked.Increment(ref scrapeErrors);
                }
            }
        });

        RunInParallel(t =>
        {
            var child = histogram.WithLabels("batch");
            for (var i = 0; i < PerThread; i++)
            {
                child.Observe((i + t) % 4); // 0,1,2,3 in equal shares
            }
        });
        stop.Cancel();
        await scraper.WaitAsync(TimeSpan.FromSeconds(60));

        var samples = ExpositionParser.Parse(registry.ToText()).Single().Samples;
        const double Total = Threads * PerThread;
        samples.Where(s => s.Name == "work_seconds_bucket").Select(s => s.Value).ShouldBe([Total / 2, Total * 3 / 4, Total, Total]);
        samples.Single(s => s.Name == "work_seconds_sum").Value.ShouldBe(Total * 1.5);
        samples.Single(s => s.Name == "work_seconds_count").Value.ShouldBe(Total);
        scrapeErrors.ShouldBe(0);
    }

    [Fact]
    public void Racing_label_lookups_create_one_child_per_label_set()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("racy_total", "h", "a", "b");
        var seen = new CounterChild[Threads][];
        RunInParallel(t =>
        {
            seen[t] = new CounterChild[100];
            for (var i = 0; i < 100; i++)
            {
                var child = counter.WithLabels($"k{i}", "v");
                child.Inc();
                seen[t][i] = child;
            }
        });

        for (var i = 0; i < 100; i++)
        {
            seen.Select(s => s[i]).Distinct().Count().ShouldBe(1);
            seen[0][i].Value.ShouldBe(Threads);
        }

        ExpositionParser.Parse(registry.ToText()).Single().Samples.Count.ShouldBe(100);
    }

    private static void RunInParallel(Action<int> work)
    {
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            work(t);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
    }
}
