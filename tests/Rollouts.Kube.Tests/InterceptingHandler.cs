namespace Rollouts.Kube.Tests;

/// <summary>
/// Fault injection at the network boundary (a handler of the client's pipeline): <paramref name="before"/> runs ahead of
/// every request, with the request's own cancellation token, and may delay it, fail it or change the server's state
/// first; the request is then sent unchanged.
/// </summary>
public sealed class InterceptingHandler(Func<HttpRequestMessage, CancellationToken, Task> before) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await before(request, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
