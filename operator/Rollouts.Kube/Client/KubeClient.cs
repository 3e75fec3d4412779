using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rollouts.Kube;

/// <summary>
/// <see cref="IKubeClient"/> over KubernetesClient's <see cref="IKubernetes"/>: every verb goes through the library's
/// custom-object operations (which address the core group too), so one code path serves the library's models and ours.
/// Build it with <see cref="Create"/> to get the handler pipeline: retries of transient failures (Polly), the
/// client-side QPS limit and per-request metrics (<c>rest_client_requests_total{verb,resource,code}</c>).
/// </summary>
/// <param name="api">The library client to send through (disposed with this one).</param>
/// <param name="fieldManager">The field manager of server-side applies.</param>
public sealed class KubeClient(IKubernetes api, string fieldManager) : IKubeClient, IDisposable
{
    /// <inheritdoc />
    public IKubernetes Api { get; } = api;

    /// <inheritdoc />
    public string FieldManager { get; } = fieldManager;

    /// <summary>
    /// A client for <paramref name="config"/> whose requests pass, outermost first: the write fence of leader election
    /// (<see cref="WriteFenceHandler"/>, when <paramref name="fence"/> is given), the retry of transient failures
    /// (<see cref="TransientRetryHandler"/>), the rate limit (<see cref="RateLimitHandler"/>) and the request metrics
    /// (<see cref="RequestMetricsHandler"/>, so every try is counted).
    /// </summary>
    /// <param name="config">Server and credentials (see <see cref="KubeConfig"/>).</param>
    /// <param name="options">Field manager, limits and retries.</param>
    /// <param name="metrics">Metrics sink; null for none.</param>
    /// <param name="logger">Logger of retries; null for none.</param>
    /// <param name="time">Clock of the rate limit, the retry delays and the per-try timeout; null for the system clock.</param>
    /// <param name="fence">Refuses writes while this replica's leadership is not fresh; null for none.</param>
    /// <exception cref="k8s.Exceptions.KubeConfigException">The configuration has no usable server address.</exception>
    public static KubeClient Create(KubernetesClientConfiguration config, KubeClientOptions options, IRuntimeMetrics? metrics = null, ILogger? logger = null, TimeProvider? time = null, WriteFence? fence = null)
    {
        time ??= TimeProvider.System;
        config.UserAgent ??= options.UserAgent;
        var api = new Kubernetes(
            config,
            new WriteFenceHandler(fence ?? WriteFence.Unfenced),
            new TransientRetryHandler(options, time, logger ?? NullLogger.Instance),
            new RateLimitHandler(options.Qps, options.Burst, time),
            new RequestMetricsHandler(metrics ?? NullRuntimeMetrics.Instance, time));
        return new KubeClient(api, options.FieldManager);
    }

    /// <inheritdoc />
    public async Task<T?> GetAsync<T>(string? ns, string name, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = KubeResource.Of<T>();
        RequireName<T>(name);
        try
        {
            return await SendAsync("get", r, ns, name, () => ns is null
                ? Api.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync<T>(r.Group, r.Version, r.Plural, name, cancellationToken: ct)
                : Api.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<T>(r.Group, r.Version, ns, r.Plural, name, cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == StatusReason.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<KubeList<T>> ListAsync<T>(string? ns, ListOptions? options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = KubeResource.Of<T>();
        var o = options ?? new ListOptions();
        return SendAsync("list", r, ns, null, () => ns is null
            ? Api.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<KubeList<T>>(
                r.Group, r.Version, r.Plural, continueParameter: o.Continue, fieldSelector: o.FieldSelector, labelSelector: o.LabelSelector, limit: o.Limit, cancellationToken: ct)
            : Api.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<KubeList<T>>(
                r.Group, r.Version, ns, r.Plural, continueParameter: o.Continue, fieldSelector: o.FieldSelector, labelSelector: o.LabelSelector, limit: o.Limit, cancellationToken: ct));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync<T>(string? ns, WatchOptions options, [EnumeratorCancellation] CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = KubeResource.Of<T>();
        var path = Describe(r, ns, null);

        // The response is typed object, not T: the library deserializes the stream's first line into it.
        var request = ns is null
            ? Api.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<object>(
                r.Group, r.Version, r.Plural, allowWatchBookmarks: true, fieldSelector: options.FieldSelector, labelSelector: options.LabelSelector,
                resourceVersion: options.ResourceVersion, timeoutSeconds: options.TimeoutSeconds, watch: true, cancellationToken: ct)
            : Api.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<object>(
                r.Group, r.Version, ns, r.Plural, allowWatchBookmarks: true, fieldSelector: options.FieldSelector, labelSelector: options.LabelSelector,
                resourceVersion: options.ResourceVersion, timeoutSeconds: options.TimeoutSeconds, watch: true, cancellationToken: ct);

        // ERROR events (a Status, e.g. 410 Expired) and undecodable lines are reported here, not yielded.
        Exception? error = null;
#pragma warning disable CS0618 // WatchAsync<T, L> is the library's typed watch over a WithHttpMessagesAsync(watch: true) call (GenericClient uses it too).
        var events = request.WatchAsync<T, object>(e => error ??= e, ct);
#pragma warning restore CS0618
        await using var cursor = events.GetAsyncEnumerator(ct);
        while (true)
        {
            bool more;
            try
            {
                more = await cursor.MoveNextAsync().ConfigureAwait(false);
            }
            catch (HttpOperationException e)
            {
                throw KubeApiException.From(e, "watch", path);
            }

            if (error is not null)
            {
                throw error is KubernetesException k ? KubeApiException.From(k, path) : new KubeApiException(
                    new V1Status { Status = "Failure", Code = 500, Reason = "InternalError", Message = $"undecodable watch event: {error.Message}" }, "watch", path, error);
            }

            if (!more)
            {
                yield break;
            }

            yield return cursor.Current;
        }
    }

    /// <inheritdoc />
    public Task<T> CreateAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = KubeResource.Of<T>();
        var ns = obj.Metadata?.NamespaceProperty;
        return SendAsync("create", r, ns, obj.Metadata?.Name, () => ns is null
            ? Api.CustomObjects.CreateClusterCustomObjectWithHttpMessagesAsync<T>(obj, r.Group, r.Version, r.Plural, cancellationToken: ct)
            : Api.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync<T>(obj, r.Group, r.Version, ns, r.Plural, cancellationToken: ct));
    }

    /// <inheritdoc />
    public Task<T> ApplyAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        PatchAsync<T>("apply", obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "", ApplyPatch(obj), status: false, FieldManager, ct);

    /// <inheritdoc />
    public Task<T> ApplyStatusAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        PatchAsync<T>("apply", obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "", ApplyPatch(obj), status: true, FieldManager, ct);

    /// <inheritdoc />
    public Task<T> MergePatchAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        PatchAsync<T>("patch", ns, name, new V1Patch(patch, V1Patch.PatchType.MergePatch), status: false, fieldManager: null, ct);

    /// <inheritdoc />
    public Task<T> MergePatchStatusAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        PatchAsync<T>("patch", ns, name, new V1Patch(patch, V1Patch.PatchType.MergePatch), status: true, fieldManager: null, ct);

    /// <inheritdoc />
    public async Task<bool> DeleteAsync<T>(string? ns, string name, V1DeleteOptions? options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = KubeResource.Of<T>();
        RequireName<T>(name);
        try
        {
            await SendAsync("delete", r, ns, name, () => ns is null
                ? Api.CustomObjects.DeleteClusterCustomObjectWithHttpMessagesAsync<object>(r.Group, r.Version, r.Plural, name, options, cancellationToken: ct)
                : Api.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync<object>(r.Group, r.Version, ns, r.Plural, name, options, cancellationToken: ct)).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException e) when (e.Reason == StatusReason.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Api.Dispose();

    // The apply body: the object with apiVersion and kind filled in, without managedFields (an apply request must not
    // carry them), the server-set creationTimestamp, or a resourceVersion (an apply states intent; it is not
    // conditional on the version the object was read at).
    private static V1Patch ApplyPatch<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        node["apiVersion"] = obj.ApiVersionOf();
        node["kind"] = obj.KindOf();
        if (node["metadata"] is JsonObject meta)
        {
            meta.Remove("managedFields");
            meta.Remove("creationTimestamp");
            meta.Remove("resourceVersion");
        }

        return new V1Patch(node.ToJsonString(), V1Patch.PatchType.ApplyPatch);
    }

    // PATCH of the object or its status subresource; a field manager makes it a forced apply.
    private Task<T> PatchAsync<T>(string verb, string? ns, string name, V1Patch body, bool status, string? fieldManager, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = KubeResource.Of<T>();
        RequireName<T>(name);
        bool? force = fieldManager is null ? null : true;
        var o = Api.CustomObjects;
        return SendAsync(verb, r, ns, name, () => (ns, status) switch
        {
            (null, false) => o.PatchClusterCustomObjectWithHttpMessagesAsync<T>(body, r.Group, r.Version, r.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: ct),
            (null, true) => o.PatchClusterCustomObjectStatusWithHttpMessagesAsync<T>(body, r.Group, r.Version, r.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: ct),
            (_, false) => o.PatchNamespacedCustomObjectWithHttpMessagesAsync<T>(body, r.Group, r.Version, ns, r.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: ct),
            (_, true) => o.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync<T>(body, r.Group, r.Version, ns, r.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: ct),
        });
    }

    private static async Task<TBody> SendAsync<TBody>(string verb, KubeResource r, string? ns, string? name, Func<Task<HttpOperationResponse<TBody>>> send)
    {
        try
        {
            using var response = await send().ConfigureAwait(false);
            return response.Body;
        }
        catch (HttpOperationException e)
        {
            throw KubeApiException.From(e, verb, Describe(r, ns, name));
        }
    }

    private static string Describe(KubeResource r, string? ns, string? name) =>
        $"{r.Plural}{(r.Group.Length > 0 ? "." + r.Group : "")} {(ns is null ? "" : ns + "/")}{name}".TrimEnd();

    private static void RequireName<T>(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"{typeof(T).Name}: a name is required");
        }
    }
}
