using k8s;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary>
/// The few API verbs the operator and its tools use, for any resource type with KubernetesClient's
/// <see cref="KubernetesEntityAttribute"/> (the library's models, <c>ModelDeployment</c>, <c>HttpRoute</c>), over
/// KubernetesClient's custom-object operations (which also address the core group). <c>ns</c> is the namespace, or
/// null for cluster-scoped objects (for lists and watches: every namespace). Expected API failures are
/// <see cref="KubeApiException"/> with a <see cref="StatusReason"/> to match on (the library's
/// <c>HttpOperationException</c> is translated in one place); transient failures are retried first, below this
/// interface, by the client's handlers (see <see cref="KubeClientOptions"/>).
/// </summary>
public interface IKubeClient
{
    /// <summary>The KubernetesClient this client sends through, for typed operations outside this interface.</summary>
    IKubernetes Api { get; }

    /// <summary>The field manager of <see cref="ApplyAsync{T}"/> and <see cref="ApplyStatusAsync{T}"/>.</summary>
    string FieldManager { get; }

    /// <summary>GET one object.</summary>
    /// <returns>The object, or null when it does not exist (404).</returns>
    /// <exception cref="KubeApiException">Any other API failure (e.g. Forbidden).</exception>
    Task<T?> GetAsync<T>(string? ns, string name, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>LIST one page.</summary>
    /// <param name="ns">Namespace, or null for all namespaces (or a cluster-scoped type).</param>
    /// <param name="options">Selectors and pagination (limit/continue); null for everything in one page.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="KubeApiException">API failure; Gone (410) when a continue token expired.</exception>
    Task<KubeList<T>> ListAsync<T>(string? ns, ListOptions? options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// One WATCH request (<c>watch=true&amp;allowWatchBookmarks=true</c>, through the library's watch stream) from
    /// <see cref="WatchOptions.ResourceVersion"/>; the enumeration ends when the server closes the stream
    /// (<see cref="WatchOptions.TimeoutSeconds"/>). Resuming from the last resourceVersion is the caller's job
    /// (<see cref="Informer{T}"/> does it).
    /// </summary>
    /// <exception cref="KubeApiException">With <see cref="StatusReason.Gone"/> when the resourceVersion is too old
    /// (410, or an ERROR event with code 410): the caller must relist. Other failures of the request likewise.</exception>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync<T>(string? ns, WatchOptions options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>POST a new object (namespace from <c>obj.Metadata.NamespaceProperty</c>).</summary>
    /// <returns>The object as stored.</returns>
    /// <exception cref="KubeApiException">AlreadyExists, Invalid, Forbidden, ...</exception>
    Task<T> CreateAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Server-side apply (<see cref="V1Patch.PatchType.ApplyPatch"/>, field manager <see cref="FieldManager"/>,
    /// <c>force=true</c>) of <paramref name="obj"/>, which carries apiVersion, kind, metadata.name (and namespace) and
    /// only the fields the manager owns (managedFields, creationTimestamp and resourceVersion are not sent, so an object
    /// read back applies as it is). Creates the object when missing.
    /// </summary>
    /// <exception cref="KubeApiException">Invalid; NotFound when the resource type is not served.</exception>
    Task<T> ApplyAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Server-side apply of the status subresource (the body's <c>status</c> is applied; same manager, forced).</summary>
    /// <exception cref="KubeApiException">NotFound when the object does not exist; Invalid.</exception>
    Task<T> ApplyStatusAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>JSON merge patch (RFC 7386); <paramref name="patch"/> is serialized with KubernetesClient's JSON settings (a JsonNode or an anonymous object is fine).</summary>
    /// <exception cref="KubeApiException">NotFound; Invalid; Conflict when the patch names a stale metadata.resourceVersion.</exception>
    Task<T> MergePatchAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>JSON merge patch of the status subresource.</summary>
    /// <exception cref="KubeApiException">NotFound; Invalid; Conflict when the patch names a stale metadata.resourceVersion.</exception>
    Task<T> MergePatchStatusAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>DELETE an object.</summary>
    /// <param name="ns">Namespace, or null for a cluster-scoped object.</param>
    /// <param name="name">Object name.</param>
    /// <param name="options">Propagation policy, grace period and preconditions; null for the resource's defaults.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>True when the delete was accepted; false when the object did not exist.</returns>
    /// <exception cref="KubeApiException">Conflict when a precondition fails; Forbidden.</exception>
    Task<bool> DeleteAsync<T>(string? ns, string name, V1DeleteOptions? options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;
}
