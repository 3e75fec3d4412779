namespace Rollouts.Notifications.Metrics;

/// <summary>Why one POST attempt failed: the <c>reason</c> label of <c>rollouts_notifications_failed_total</c>.</summary>
public enum DeliveryFailure
{
    /// <summary><c>timeout</c>: no response headers within the per-attempt timeout (retried).</summary>
    Timeout,

    /// <summary><c>transport</c>: DNS, connect, TLS or the connection failed (retried).</summary>
    Transport,

    /// <summary><c>http_3xx</c>: a redirect; redirects are not followed, so the POST did not land (not retried).</summary>
    Http3xx,

    /// <summary><c>http_4xx</c>: the receiver refused it; 408 and 429 are retried, every other 4xx is not.</summary>
    Http4xx,

    /// <summary><c>http_5xx</c>: the receiver failed (retried).</summary>
    Http5xx,
}
