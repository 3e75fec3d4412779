namespace Rollouts.Kubectl.Dashboard;

/// <summary>
/// A counter that wakes every waiter when it moves: the informers' handlers call <see cref="Notify"/>, each
/// Server-Sent Events stream waits with <see cref="WaitAsync"/> for a version newer than the one it sent.
/// </summary>
internal sealed class ChangeSignal
{
    private readonly Lock gate = new();
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long version;

    /// <summary>The number of changes so far.</summary>
    public long Version
    {
        get
        {
            lock (gate)
            {
                return version;
            }
        }
    }

    /// <summary>Records a change and wakes the waiters.</summary>
    public void Notify()
    {
        TaskCompletionSource woken;
        lock (gate)
        {
            version++;
            woken = next;
            next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        woken.TrySetResult();
    }

    /// <summary>Completes when <see cref="Version"/> is past <paramref name="seen"/>, or after <paramref name="timeout"/>.</summary>
    /// <returns>The version now.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (the page went away).</exception>
    public async Task<long> WaitAsync(long seen, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        Task wait;
        lock (gate)
        {
            if (version != seen)
            {
                return version;
            }

            wait = next.Task;
        }

        try
        {
            await wait.WaitAsync(timeout, time, ct);
        }
        catch (TimeoutException)
        {
            // A heartbeat is due.
        }

        return Version;
    }
}
