namespace Rollouts.Kube.Tests;

/// <summary>
/// Fault injection at the network boundary (a handler of the client's pipeline): once armed with <see cref="HoldNext"/>,
/// the next request that matches is held, unanswered, until its own cancellation token is cancelled (as a request to a
/// slow API server would be); requests after it pass.
/// </summary>
public sealed class HoldingHandler(Func<HttpRequestMessage, bool> matches) : DelegatingHandler
{
    private TaskCompletionSource? armed;

    /// <summary>Arms the handler; the task completes when the next matching request is being held.</summary>
    public Task HoldNext()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref armed, held);
        return held.Task;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (matches(request) && Interlocked.Exchange(ref armed, null) is { } held)
        {
            held.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
