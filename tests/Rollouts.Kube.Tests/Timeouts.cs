namespace Rollouts.Kube.Tests;

/// <summary>A generous per-test cancellation token so a hung call fails the test instead of the run.</summary>
public static class Timeouts
{
    public static CancellationToken Ct(int seconds = 90) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
