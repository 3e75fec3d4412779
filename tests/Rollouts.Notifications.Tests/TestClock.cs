using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Rollouts.Notifications.Tests;

/// <summary>
/// A FakeTimeProvider that records the due time of every timer created on it (Polly's backoff delays, the
/// per-attempt timeout, the drain bound), so a test can wait until the code under test is waiting on a timer
/// and then advance exactly past it, instead of sleeping or guessing.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> created = new();

    public TestClock()
        : base(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Due times of the timers created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Timers => created.ToArray();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        created.Enqueue(dueTime);
        return timer;
    }

    /// <summary>Waits (real time) until the <paramref name="nth"/> (1-based) timer matching <paramref name="match"/> exists; returns its due time.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match, int nth = 1)
    {
        TimeSpan? found = null;
        await Eventually.TrueAsync(() =>
        {
            var matching = Timers.Where(match).ToArray();
            found = matching.Length >= nth ? matching[nth - 1] : null;
            return found is not null;
        }, $"timer #{nth} matching the condition (timers so far: {string.Join(", ", Timers)})");
        return found!.Value;
    }
}
