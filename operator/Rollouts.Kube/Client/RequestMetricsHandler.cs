namespace Rollouts.Kube;

/// <summary>
/// Counts every request that reaches the wire (each try of a retried one) in <see cref="IRuntimeMetrics.ApiRequest"/>
/// by verb, resource and HTTP code (0 for a transport failure), with its time to the response headers.
/// </summary>
/// <param name="metrics">The sink.</param>
/// <param name="time">The clock of the durations.</param>
public sealed class RequestMetricsHandler(IRuntimeMetrics metrics, TimeProvider time) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var what = KubeRequest.Of(request);
        var started = time.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            metrics.ApiRequest(what.Verb, what.Resource, (int)response.StatusCode, time.GetElapsedTime(started).TotalSeconds);
            return response;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.ApiRequest(what.Verb, what.Resource, 0, time.GetElapsedTime(started).TotalSeconds);
            throw;
        }
    }
}
