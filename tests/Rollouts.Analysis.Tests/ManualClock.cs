namespace Rollouts.Analysis.Tests;

/// <summary>A test clock that moves only when told (timers are not needed by the runner).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
