using System.Net;
using Rollouts.Notifications.Metrics;

namespace Rollouts.Notifications.Delivery;

/// <summary>The result of one POST attempt, as a value: delivered, or failed with whether to retry.</summary>
/// <param name="Failure">Why it failed; null when delivered.</param>
/// <param name="Retryable">Whether another attempt may succeed (transport errors, timeouts, 408, 429, 5xx).</param>
/// <param name="Status">The HTTP status, null when no response came.</param>
/// <param name="RetryAfter">The receiver's Retry-After (not yet capped), null when it sent none.</param>
/// <param name="Detail">A short, printable description for logs: the error, or the start of the response body.</param>
internal sealed record AttemptResult(DeliveryFailure? Failure, bool Retryable, HttpStatusCode? Status, TimeSpan? RetryAfter, string Detail)
{
    /// <summary>Delivered.</summary>
    public static readonly AttemptResult Delivered = new(null, false, HttpStatusCode.OK, null, "");

    /// <summary>True when the receiver took it (2xx).</summary>
    public bool IsDelivered => Failure is null;

    /// <summary>Classifies an HTTP answer: 2xx delivered; 408, 429, 5xx retried; 3xx and other 4xx not.</summary>
    /// <param name="status">The response status.</param>
    /// <param name="retryAfter">The parsed Retry-After header.</param>
    /// <param name="detail">The start of the response body.</param>
    public static AttemptResult FromStatus(HttpStatusCode status, TimeSpan? retryAfter, string detail)
    {
        var code = (int)status;
        return code switch
        {
            >= 200 and < 300 => Delivered with { Status = status },
            408 or 429 => new(DeliveryFailure.Http4xx, true, status, retryAfter, detail),
            >= 500 => new(DeliveryFailure.Http5xx, true, status, retryAfter, detail),
            >= 300 and < 400 => new(DeliveryFailure.Http3xx, false, status, null, "redirects are not followed"),
            _ => new(DeliveryFailure.Http4xx, false, status, null, detail),
        };
    }
}
