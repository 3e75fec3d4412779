namespace Rollouts.Notifications.Tests;

/// <summary>Polls a condition in real time; the limit is a safety net for a hung test, never the thing measured.</summary>
public static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still waiting after {Limit.TotalSeconds} s for {what}");
            }

            await Task.Delay(5);
        }
    }
}
