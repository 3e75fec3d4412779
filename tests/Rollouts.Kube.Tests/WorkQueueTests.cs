using Microsoft.Extensions.Time.Testing;

namespace Rollouts.Kube.Tests;

public sealed class WorkQueueTests
{
    private static readonly ObjectKey A = new("ns", "a");
    private static readonly ObjectKey B = new("ns", "b");

    [Fact]
    public async Task Keys_are_deduplicated_while_queued()
    {
        using var q = new WorkQueue("t", new FakeTimeProvider());
        q.Add(A);
        q.Add(A);
        q.Add(B);
        q.Add(A);
        q.Length.ShouldBe(2);
        (await q.GetAsync(Timeouts.Ct())).Key.ShouldBe(A);
        (await q.GetAsync(Timeouts.Ct())).Key.ShouldBe(B);
        q.Length.ShouldBe(0);
    }

    [Fact]
    public async Task A_key_re_added_while_processing_is_handed_out_again_only_after_Done()
    {
        using var q = new WorkQueue("t", new FakeTimeProvider());
        q.Add(A);
        var (key, _) = await q.GetAsync(Timeouts.Ct());
        key.ShouldBe(A);
        q.Add(A);
        q.Add(A);
        q.Length.ShouldBe(0); // not handed to a second worker

        using var cts = new CancellationTokenSource();
        var second = q.GetAsync(cts.Token).AsTask();
        second.IsCompleted.ShouldBeFalse();
        q.Done(A);
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Key.ShouldBe(A);
        q.Done(A);
        q.Length.ShouldBe(0);
    }

    [Fact]
    public async Task AddAfter_waits_for_the_clock_and_keeps_the_earliest_time()
    {
        var clock = new FakeTimeProvider();
        using var q = new WorkQueue("t", clock);
        q.AddAfter(A, TimeSpan.FromSeconds(30));
        q.AddAfter(A, TimeSpan.FromSeconds(10));
        q.AddAfter(A, TimeSpan.FromSeconds(20));
        q.DelayedCount.ShouldBe(1);
        clock.Advance(TimeSpan.FromSeconds(9));
        q.Length.ShouldBe(0);
        clock.Advance(TimeSpan.FromSeconds(1));
        q.Length.ShouldBe(1);
        (await q.GetAsync(Timeouts.Ct())).Key.ShouldBe(A);
        clock.Advance(TimeSpan.FromSeconds(60));
        q.Length.ShouldBe(0);
    }

    [Fact]
    public async Task Rate_limited_retries_back_off_exponentially_per_key_and_Forget_resets()
    {
        var clock = new FakeTimeProvider();
        using var q = new WorkQueue("t", clock);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var expected = q.PeekBackoff(A);
            delays.Add(expected);
            q.AddRateLimited(A);
            clock.Advance(expected - TimeSpan.FromTicks(1));
            q.Length.ShouldBe(0); // not a tick early
            clock.Advance(TimeSpan.FromTicks(1));
            q.Length.ShouldBe(1);
            (await q.GetAsync(Timeouts.Ct())).Key.ShouldBe(A);
            q.Done(A);
        }

        delays.ShouldBe(new[] { 5, 10, 20, 40, 80 }.Select(ms => TimeSpan.FromMilliseconds(ms)));
        q.NumRequeues(A).ShouldBe(5);
        q.PeekBackoff(B).ShouldBe(TimeSpan.FromMilliseconds(5)); // per key
        q.Forget(A);
        q.NumRequeues(A).ShouldBe(0);
        q.PeekBackoff(A).ShouldBe(TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public void Per_key_backoff_is_capped_at_about_1000_seconds()
    {
        using var q = new WorkQueue("t", new FakeTimeProvider());
        for (var i = 0; i < 40; i++)
        {
            q.AddRateLimited(A);
        }

        q.PeekBackoff(A).ShouldBe(TimeSpan.FromSeconds(1000));
    }

    [Fact]
    public void The_overall_token_bucket_limits_retries_of_many_keys_to_10_per_second_after_a_burst_of_100()
    {
        var clock = new FakeTimeProvider();
        using var q = new WorkQueue("t", clock);
        for (var i = 0; i < 100; i++)
        {
            q.AddRateLimited(new ObjectKey("ns", $"k{i}"));
        }

        q.AddRateLimited(new ObjectKey("ns", "k100"));
        q.AddRateLimited(new ObjectKey("ns", "k101"));
        clock.Advance(TimeSpan.FromMilliseconds(5));
        q.Length.ShouldBe(100); // the burst: only the per-key delay
        clock.Advance(TimeSpan.FromMilliseconds(94));
        q.Length.ShouldBe(100);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        q.Length.ShouldBe(101); // 100 ms: the bucket refills one token at 10/s
        clock.Advance(TimeSpan.FromMilliseconds(99));
        q.Length.ShouldBe(101);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        q.Length.ShouldBe(102);
    }

    [Fact]
    public async Task ShutDown_releases_waiting_workers()
    {
        using var q = new WorkQueue("t", new FakeTimeProvider());
        var waiting = q.GetAsync(CancellationToken.None).AsTask();
        q.ShutDown();
        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Shutdown.ShouldBeTrue();
        q.Add(A);
        q.Length.ShouldBe(0);
    }

    [Fact]
    public async Task A_cancelled_Get_does_not_swallow_a_later_key()
    {
        using var q = new WorkQueue("t", new FakeTimeProvider());
        using var cts = new CancellationTokenSource();
        var cancelled = q.GetAsync(cts.Token).AsTask();
        await cts.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => cancelled);
        q.Add(A);
        (await q.GetAsync(Timeouts.Ct())).Key.ShouldBe(A);
    }

    [Fact]
    public async Task Under_stress_a_key_is_never_held_by_two_workers_and_every_add_is_eventually_processed()
    {
        using var q = new WorkQueue("t", TimeProvider.System);
        const int keys = 20;
        var active = new int[keys];
        var processedAfterLastAdd = new bool[keys];
        var violations = 0;
        var lastAddDone = false;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (key, shutdown) = await q.GetAsync(cts.Token);
                if (shutdown)
                {
                    return;
                }

                var i = int.Parse(key.Name, System.Globalization.CultureInfo.InvariantCulture);
                if (Interlocked.Increment(ref active[i]) != 1)
                {
                    Interlocked.Increment(ref violations);
                }

                var sawFinal = Volatile.Read(ref lastAddDone);
                Thread.SpinWait(200);
                Interlocked.Decrement(ref active[i]);
                if (sawFinal)
                {
                    Volatile.Write(ref processedAfterLastAdd[i], true);
                }

                q.Done(key);
            }
        })).ToArray();

        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var n = 0; n < 20_000; n++)
            {
                q.Add(new ObjectKey("ns", ((n + p) % keys).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        })).ToArray();
        await Task.WhenAll(producers);
        Volatile.Write(ref lastAddDone, true);
        for (var i = 0; i < keys; i++)
        {
            q.Add(new ObjectKey("ns", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await Eventually.TrueAsync(() => processedAfterLastAdd.All(b => b), "every key processed after its last add");
        q.ShutDown();
        await Task.WhenAll(workers);
        violations.ShouldBe(0);
    }
}
