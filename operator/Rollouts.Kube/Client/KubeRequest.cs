namespace Rollouts.Kube;

/// <summary>
/// What an API request does, read from the HTTP request the library builds: the verb as client-go names it (get,
/// list, watch, create, update, patch, apply, delete) and the resource it addresses (<c>pods</c>,
/// <c>modeldeployments</c>, <c>pods/status</c>), for metrics and for the retry policy.
/// </summary>
/// <param name="Verb">The verb.</param>
/// <param name="Resource">The resource (plural), with <c>/subresource</c> when one is addressed; empty when the path is not a resource path.</param>
public readonly record struct KubeRequest(string Verb, string Resource)
{
    /// <summary>The content type of a server-side apply.</summary>
    public const string ApplyContentType = "application/apply-patch+yaml";

    /// <summary>True for a watch (the response is a stream, not bounded by a per-try timeout).</summary>
    public bool IsWatch => Verb == "watch";

    /// <summary>True for create, the one verb that is not idempotent.</summary>
    public bool IsCreate => Verb == "create";

    /// <summary>Reads <paramref name="request"/>.</summary>
    public static KubeRequest Of(HttpRequestMessage request)
    {
        var uri = request.RequestUri;
        var segments = uri is null ? [] : uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // /api/{version}/... or /apis/{group}/{version}/...; then namespaces/{ns}/{plural}/{name}/{sub} or {plural}/{name}/{sub}.
        var start = segments is ["api", _, ..] ? 2 : segments is ["apis", _, _, ..] ? 3 : segments.Length;
        var rest = segments[start..];
        if (rest is ["namespaces", _, _, ..])
        {
            rest = rest[2..];
        }

        var resource = rest switch
        {
            [var plural, _, var sub, ..] => $"{plural}/{sub}",
            [var plural, ..] => plural,
            _ => "",
        };
        var named = rest.Length >= 2;
        var query = uri?.Query ?? "";
        var verb = request.Method.Method switch
        {
            "GET" when query.Contains("watch=true", StringComparison.Ordinal) || query.Contains("watch=1", StringComparison.Ordinal) => "watch",
            "GET" => named ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "DELETE" => "delete",
            "PATCH" when request.Content?.Headers.ContentType?.MediaType == ApplyContentType => "apply",
            "PATCH" => "patch",
            var other => other.ToLowerInvariant(),
        };
        return new KubeRequest(verb, resource);
    }
}
