using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Rollouts.Kube;

/// <summary>
/// The REST implementation of <see cref="IKubeClient"/> over one <see cref="HttpClient"/> (TLS with custom root
/// trust, bearer token or client certificate). Requests pass a client-side token bucket (QPS/burst), then a Polly
/// retry pipeline for transient failures: 429 (honouring Retry-After), 5xx for idempotent verbs (not create),
/// transport errors (for create only failures to connect) and per-request timeouts, with jittered exponential backoff.
/// Every attempt is counted in <see cref="IRuntimeMetrics.ApiRequest"/> by verb and code.
/// </summary>
public sealed partial class KubeClient : IKubeClient, IDisposable
{
    private const string ApplyContentType = "application/apply-patch+yaml";
    private const string MergePatchContentType = "application/merge-patch+json";
    private readonly HttpClient http;
    private readonly KubeClientConfiguration config;
    private readonly KubeClientOptions options;
    private readonly IRuntimeMetrics metrics;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly TokenBucket bucket;
    private readonly ResiliencePipeline<ApiResponse> idempotent;
    private readonly ResiliencePipeline<ApiResponse> nonIdempotent;
    private readonly object tokenGate = new();
    private string? cachedToken;
    private long tokenReadAt;

    /// <summary>Creates a client.</summary>
    /// <param name="config">Server and credentials (see <see cref="KubeConfigLoader"/>).</param>
    /// <param name="options">Limits and retries; null for the defaults.</param>
    /// <param name="metrics">Metrics sink; null for none.</param>
    /// <param name="logger">Logger; null for none.</param>
    /// <param name="time">Clock for rate limiting, retries and token-file refresh; null for the system clock.</param>
    public KubeClient(KubeClientConfiguration config, KubeClientOptions? options = null, IRuntimeMetrics? metrics = null, ILogger? logger = null, TimeProvider? time = null)
    {
        this.config = config;
        this.options = options ?? new KubeClientOptions();
        this.metrics = metrics ?? NullRuntimeMetrics.Instance;
        this.logger = logger ?? NullLogger.Instance;
        this.time = time ?? TimeProvider.System;
        bucket = new TokenBucket(this.options.Qps, this.options.Burst, this.time);
        http = new HttpClient(CreateHandler(config), disposeHandler: true)
        {
            BaseAddress = config.Server,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(this.options.UserAgent);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        idempotent = BuildPipeline(isCreate: false);
        nonIdempotent = BuildPipeline(isCreate: true);
    }

    /// <inheritdoc />
    public string DefaultNamespace => config.Namespace;

    /// <summary>The configuration in use.</summary>
    public KubeClientConfiguration Configuration => config;

    /// <inheritdoc />
    public async Task<T?> GetAsync<T>(string? ns, string name, CancellationToken ct)
        where T : KubeObject, IKubeResource
    {
        var path = Path(T.Resource, ns, name);
        var (code, body) = await SendAsync("get", HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        if (code == HttpStatusCode.NotFound)
        {
            return null;
        }

        return Decode<T>(code, body, "get", path);
    }

    /// <inheritdoc />
    public async Task<KubeList<T>> ListAsync<T>(string? ns, ListOptions? options, CancellationToken ct)
        where T : KubeObject, IKubeResource
    {
        var path = Path(T.Resource, ns, null, allowAllNamespaces: true);
        var query = Query(
            ("labelSelector", options?.LabelSelector),
            ("fieldSelector", options?.FieldSelector),
            ("limit", options?.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("continue", options?.Continue),
            ("resourceVersion", options?.ResourceVersion));
        var (code, body) = await SendAsync("list", HttpMethod.Get, path + query, null, ct).ConfigureAwait(false);
        return Decode<KubeList<T>>(code, body, "list", path);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? ns, WatchOptions options, [EnumeratorCancellation] CancellationToken ct)
        where T : KubeObject, IKubeResource
    {
        var path = Path(T.Resource, ns, null, allowAllNamespaces: true);
        var lastRv = options.ResourceVersion;
        var failures = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var query = Query(
                ("watch", "1"),
                ("allowWatchBookmarks", "true"),
                ("resourceVersion", lastRv),
                ("labelSelector", options.LabelSelector),
                ("fieldSelector", options.FieldSelector),
                ("timeoutSeconds", ((int)Math.Max(1, options.RequestTimeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var response = await OpenWatchAsync(path, query, ct).ConfigureAwait(false);
            var dropped = response is null;
            if (response is not null)
            {
                using (response)
                {
                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), Encoding.UTF8);
                    while (true)
                    {
                        string? line;
                        try
                        {
                            line = await reader.ReadLineAsync(ct).ConfigureAwait(false);
                        }
                        catch (Exception e) when (!ct.IsCancellationRequested && e is IOException or HttpRequestException or OperationCanceledException)
                        {
                            LogWatchDropped(logger, path, e.Message);
                            dropped = true;
                            break;
                        }

                        if (line is null)
                        {
                            break; // server closed the stream (timeoutSeconds): resume
                        }

                        if (line.Length == 0)
                        {
                            continue;
                        }

                        var ev = ParseWatchLine<T>(line, path);
                        lastRv = ev.Object.Metadata.ResourceVersion ?? lastRv;
                        failures = 0;
                        yield return ev;
                    }
                }
            }

            if (dropped)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 6))));
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<T> CreateAsync<T>(T obj, CancellationToken ct)
        where T : KubeObject, IKubeResource
    {
        var path = Path(T.Resource, NamespaceOf<T>(obj), null);
        var (code, body) = await SendAsync("create", HttpMethod.Post, path, JsonContent(obj), ct).ConfigureAwait(false);
        return Decode<T>(code, body, "create", path);
    }

    /// <inheritdoc />
    public Task<T> ReplaceAsync<T>(T obj, CancellationToken ct)
        where T : KubeObject, IKubeResource => PutAsync(obj, subresource: null, ct);

    /// <inheritdoc />
    public Task<T> ReplaceStatusAsync<T>(T obj, CancellationToken ct)
        where T : KubeObject, IKubeResource => PutAsync(obj, subresource: "status", ct);

    /// <inheritdoc />
    public Task<T> ApplyAsync<T>(T obj, ApplyOptions options, CancellationToken ct)
        where T : KubeObject, IKubeResource => ApplyCoreAsync(obj, options, null, ct);

    /// <inheritdoc />
    public Task<T> ApplyStatusAsync<T>(T obj, ApplyOptions options, CancellationToken ct)
        where T : KubeObject, IKubeResource => ApplyCoreAsync(obj, options, "status", ct);

    /// <inheritdoc />
    public Task<T> MergePatchAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : KubeObject, IKubeResource => MergePatchCoreAsync<T>(ns, name, patch, null, ct);

    /// <inheritdoc />
    public Task<T> MergePatchStatusAsync<T>(string? ns, string name, object patch, CancellationToken ct)
        where T : KubeObject, IKubeResource => MergePatchCoreAsync<T>(ns, name, patch, "status", ct);

    /// <inheritdoc />
    public async Task<bool> DeleteAsync<T>(string? ns, string name, DeleteOptions? options, CancellationToken ct)
        where T : KubeObject, IKubeResource
    {
        var path = Path(T.Resource, ns, name);
        var body = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1" };
        if (options?.PropagationPolicy is { } p)
        {
            body["propagationPolicy"] = p.ToString();
        }

        if (options?.GracePeriodSeconds is { } g)
        {
            body["gracePeriodSeconds"] = g;
        }

        if (options?.PreconditionUid is not null || options?.PreconditionResourceVersion is not null)
        {
            var pre = new JsonObject();
            if (options.PreconditionUid is { } uid)
            {
                pre["uid"] = uid;
            }

            if (options.PreconditionResourceVersion is { } rv)
            {
                pre["resourceVersion"] = rv;
            }

            body["preconditions"] = pre;
        }

        var (code, text) = await SendAsync("delete", HttpMethod.Delete, path, () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct)
            .ConfigureAwait(false);
        if (code == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!IsSuccess(code))
        {
            throw Failure(code, text, "delete", path);
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private async Task<T> PutAsync<T>(T obj, string? subresource, CancellationToken ct)
        where T : KubeObject, IKubeResource
    {
        var path = Path(T.Resource, NamespaceOf<T>(obj), RequireName(obj), subresource);
        var (code, body) = await SendAsync("update", HttpMethod.Put, path, JsonContent(obj), ct).ConfigureAwait(false);
        return Decode<T>(code, body, "update", path);
    }

    private async Task<T> ApplyCoreAsync<T>(T obj, ApplyOptions options, string? subresource, CancellationToken ct)
        where T : KubeObject, IKubeResource
    {
        var path = Path(T.Resource, NamespaceOf<T>(obj), RequireName(obj), subresource);
        var node = JsonSerializer.SerializeToNode(obj, KubeJson.Options)!.AsObject();
        node["apiVersion"] ??= T.Resource.ApiVersion;
        node["kind"] ??= T.Resource.Kind;
        if (node["metadata"] is JsonObject meta)
        {
            // managedFields must not be sent in an apply request; server-set identity fields are harmless but noisy.
            meta.Remove("managedFields");
            meta.Remove("creationTimestamp");
        }

        // The apply content type is YAML; JSON is valid YAML.
        var json = node.ToJsonString(KubeJson.Options);
        var query = Query(("fieldManager", options.FieldManager), ("force", options.Force ? "true" : null));
        var (code, body) = await SendAsync("apply", HttpMethod.Patch, path + query, () => new StringContent(json, Encoding.UTF8, ApplyContentType), ct)
            .ConfigureAwait(false);
        return Decode<T>(code, body, "apply", path);
    }

    private async Task<T> MergePatchCoreAsync<T>(string? ns, string name, object patch, string? subresource, CancellationToken ct)
        where T : KubeObject, IKubeResource
    {
        var path = Path(T.Resource, ns, name, subresource);
        var json = JsonSerializer.Serialize(patch, patch.GetType(), KubeJson.Options);
        var (code, body) = await SendAsync("patch", HttpMethod.Patch, path, () => new StringContent(json, Encoding.UTF8, MergePatchContentType), ct)
            .ConfigureAwait(false);
        return Decode<T>(code, body, "patch", path);
    }

    private static Func<HttpContent> JsonContent<T>(T obj)
    {
        var json = JsonSerializer.Serialize(obj, KubeJson.Options);
        return () => new StringContent(json, Encoding.UTF8, "application/json");
    }

    private string? NamespaceOf<T>(KubeObject obj)
        where T : IKubeResource =>
        T.Resource.Namespaced ? obj.Metadata.Namespace ?? DefaultNamespace : null;

    private static string RequireName(KubeObject obj) =>
        string.IsNullOrEmpty(obj.Metadata.Name) ? throw new ArgumentException($"{obj.Kind}: metadata.name is required") : obj.Metadata.Name;
}
