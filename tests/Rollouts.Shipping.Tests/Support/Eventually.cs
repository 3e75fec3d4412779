namespace Rollouts.Shipping.Tests.Support;

/// <summary>Polls until a condition holds, with a generous deadline (no fixed sleeps standing in for waits).</summary>
public static class Eventually
{
    /// <summary>
    /// Evaluates <paramref name="probe"/> every 250 ms until it returns a non-null value, and returns that value.
    /// </summary>
    /// <exception cref="TimeoutException">Nothing came within <paramref name="timeout"/>; the message names
    /// <paramref name="what"/> and adds <paramref name="diagnostics"/> (e.g. the operator's log).</exception>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan timeout, Func<string>? diagnostics = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout} waiting for: {what}\n{diagnostics?.Invoke()}");
            }

            await Task.Delay(250);
        }
    }
}
