namespace Rollouts.Kube.Tests;

/// <summary>Fault injection at the network boundary (a handler of the client's pipeline): while <see cref="Failing"/>, every request fails as if the server were unreachable.</summary>
public sealed class FailingHandler : DelegatingHandler
{
    public volatile bool Failing;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Failing ? Task.FromException<HttpResponseMessage>(new HttpRequestException("injected: connection refused")) : base.SendAsync(request, cancellationToken);
}
