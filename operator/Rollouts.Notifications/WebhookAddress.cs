namespace Rollouts.Notifications;

/// <summary>
/// How a webhook URL is named where people and metrics see it. A webhook URL is a secret: Slack's carries its
/// token in the path, others in the query or user-info. So logs and errors show only scheme and authority, and
/// metrics a short sink label.
/// </summary>
public static class WebhookAddress
{
    /// <summary>
    /// The URL with path, query, fragment and user-info left out, e.g. <c>https://hooks.slack.com/…</c>
    /// (<c>/…</c> stands for whatever followed the authority).
    /// </summary>
    /// <param name="url">An absolute URL.</param>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var bare = $"{url.Scheme}://{url.Authority}";
        return url.PathAndQuery is "/" or "" && url.Fragment is "" ? bare + "/" : bare + "/…";
    }

    /// <summary>
    /// The <c>sink</c> label of the URL at <paramref name="index"/> (0-based, in flag order): the index and the
    /// authority, e.g. <c>0-hooks.slack.com</c> or <c>1-receiver.ops:8080</c>; stable while the flags stay the same.
    /// </summary>
    /// <param name="index">The URL's position in <see cref="NotificationOptions.WebhookUrls"/>.</param>
    /// <param name="url">An absolute URL.</param>
    public static string SinkLabel(int index, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return $"{index}-{url.Authority}";
    }
}
