namespace Rollouts.Kube;

/// <summary>
/// A focused Kubernetes REST client. Every call is addressed by the model type's <see cref="IKubeResource.Resource"/>;
/// <c>ns</c> is ignored for cluster-scoped types and required for namespaced ones. Failures the API reports raise
/// <see cref="KubeApiException"/> carrying its Status (reason as <see cref="StatusReason"/>); transient failures
/// (429, 5xx on idempotent verbs, transport errors) are retried with jittered exponential backoff first.
/// </summary>
public interface IKubeClient
{
    /// <summary>The namespace of the configuration's current context (or the pod's, in cluster); "default" when none.</summary>
    string DefaultNamespace { get; }

    /// <summary>GET one object.</summary>
    /// <returns>The object, or null when it does not exist (404).</returns>
    /// <exception cref="KubeApiException">Any other API failure (e.g. Forbidden).</exception>
    Task<T?> GetAsync<T>(string? ns, string name, CancellationToken ct)
        where T : KubeObject, IKubeResource;

    /// <summary>LIST one page (namespace null = all namespaces for namespaced types).</summary>
    /// <param name="ns">Namespace, or null for all namespaces.</param>
    /// <param name="options">Label/field selectors and pagination (limit/continue); null for everything in one page.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="KubeApiException">API failure; Gone (410) when a continue token expired.</exception>
    Task<KubeList<T>> ListAsync<T>(string? ns, ListOptions? options, CancellationToken ct)
        where T : KubeObject, IKubeResource;

    /// <summary>
    /// WATCH: a long-lived streamed GET (<c>watch=1&amp;allowWatchBookmarks=true</c>) yielding events in order.
    /// A dropped connection or a server-side timeout is resumed transparently from the last seen resourceVersion
    /// (bookmarks included). The enumeration ends only through <paramref name="ct"/>.
    /// </summary>
    /// <exception cref="KubeApiException">With <see cref="StatusReason.Gone"/> when the resourceVersion is too old
    /// (410 or a watch ERROR event with code 410): the caller must relist.</exception>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? ns, WatchOptions options, CancellationToken ct)
        where T : KubeObject, IKubeResource;

    /// <summary>POST a new object (namespace from <c>obj.Metadata.Namespace</c>, else <see cref="DefaultNamespace"/>).</summary>
    /// <returns>The object as stored.</returns>
    /// <exception cref="KubeApiException">AlreadyExists, Invalid, Forbidden, ...</exception>
    Task<T> CreateAsync<T>(T obj, CancellationToken ct)
        where T : KubeObject, IKubeResource;

    /// <summary>
    /// PUT (update) the whole object; <c>metadata.resourceVersion</c> makes it conditional (optimistic concurrency).
    /// </summary>
    /// <exception cref="KubeApiException">Conflict when the resourceVersion is stale; NotFound; Invalid.</exception>
    Task<T> ReplaceAsync<T>(T obj, CancellationToken ct)
        where T : KubeObject, IKubeResource;

    /// <summary>PUT the status subresource of the object (conditional on resourceVersion when set).</summary>
    /// <exception cref="KubeApiException">Conflict when the resourceVersion is stale; NotFound.</exception>
    Task<T> ReplaceStatusAsync<T>(T obj, CancellationToken ct)
        where T : KubeObject, IKubeResource;

    /// <summary>
    /// Server-side apply (<c>PATCH application/apply-patch+yaml</c>, JSON body) of <paramref name="obj"/>, which
    /// must carry apiVersion, kind, metadata.name (and namespace) and only the fields the manager owns. Creates
    /// the object when missing.
    /// </summary>
    /// <exception cref="KubeApiException">Conflict (field manager conflict, see Details.Causes) unless
    /// <see cref="ApplyOptions.Force"/>; Invalid.</exception>
    Task<T> ApplyAsync<T>(T obj, ApplyOptions options, CancellationToken ct)
        where T : KubeObject, IKubeResource;

    /// <summary>Server-side apply of the status subresource (the body's <c>status</c> is applied).</summary>
    /// <exception cref="KubeApiException">NotFound when the object does not exist; Conflict; Invalid.</exception>
    Task<T> ApplyStatusAsync<T>(T obj, ApplyOptions options, CancellationToken ct)
        where T : KubeObject, IKubeResource;

    /// <summary>JSON merge patch (RFC 7386, <c>application/merge-patch+json</c>); <paramref name="patch"/> is serialized with <see cref="KubeJson.Options"/> (a JsonNode or an anonymous object is fine).</summary>
    /// <exception cref="KubeApiException">NotFound; Invalid; Conflict when the patch names a stale metadata.resourceVersion.</exception>
    Task<T> MergePatchAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : KubeObject, IKubeResource;

    /// <summary>JSON merge patch of the status subresource.</summary>
    /// <exception cref="KubeApiException">NotFound; Invalid.</exception>
    Task<T> MergePatchStatusAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : KubeObject, IKubeResource;

    /// <summary>DELETE an object.</summary>
    /// <returns>True when the delete was accepted; false when the object did not exist.</returns>
    /// <exception cref="KubeApiException">Conflict when a precondition fails; Forbidden.</exception>
    Task<bool> DeleteAsync<T>(string? ns, string name, DeleteOptions? options, CancellationToken ct)
        where T : KubeObject, IKubeResource;
}
