using System.Net;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary>
/// Refuses every mutating request (any method but GET and HEAD) while the <see cref="WriteFence"/> is closed, before
/// it leaves the process, with a <see cref="KubeApiException"/> of reason <c>LeadershipLost</c> (code 503). Requests to
/// Leases pass: they are how leadership is won and kept. The outermost handler, so a refusal is never retried.
/// </summary>
/// <param name="fence">The fence.</param>
public sealed class WriteFenceHandler(WriteFence fence) : DelegatingHandler
{
    /// <summary>The Status reason of a refused write.</summary>
    public const string Reason = "LeadershipLost";

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || fence.AllowsWrites || IsLease(request.RequestUri))
        {
            return base.SendAsync(request, cancellationToken);
        }

        var path = request.RequestUri?.AbsolutePath ?? "";
        throw new KubeApiException(
            new V1Status { Code = (int)HttpStatusCode.ServiceUnavailable, Reason = Reason, Message = "write refused: this replica does not hold a fresh Lease (leadership lost, or not renewed within the renew deadline)" },
            request.Method.Method,
            path);
    }

    private static bool IsLease(Uri? uri) =>
        uri is not null && uri.AbsolutePath.StartsWith("/apis/coordination.k8s.io/", StringComparison.Ordinal);
}
