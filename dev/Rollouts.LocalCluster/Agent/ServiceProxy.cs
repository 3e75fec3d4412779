using System.Diagnostics;
using System.Globalization;
using System.Net;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rollouts.LocalCluster.Traffic;
using Yarp.ReverseProxy.Forwarder;

namespace Rollouts.LocalCluster.Agent;

/// <summary>
/// The local cluster's kube-proxy and cluster DNS for serving processes (there is neither here): a forward HTTP proxy
/// on 127.0.0.1 that the node agent gives every serving process as <c>HTTP_PROXY</c>. A request for
/// <c>http://&lt;service&gt;.&lt;namespace&gt;.svc[.cluster.local]:&lt;port&gt;/…</c> goes to a Ready endpoint of
/// that Service (its selector over the pods the agent last listed, the Service port's targetPort by number or by
/// container-port name; endpoints taken in turn). The forwarding itself is YARP's <see cref="IHttpForwarder"/>.
/// Answers 502 with a message for any other host, an unknown Service or port, or a Service with no Ready endpoint;
/// CONNECT (HTTPS through the proxy) is refused with 405. Dispose to stop it.
/// </summary>
public sealed partial class ServiceProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    private volatile Snapshot _snapshot = new([], []);
    private int _turn;

    private ServiceProxy(WebApplication app) => _app = app;

    /// <summary>The proxy's address, e.g. <c>http://127.0.0.1:41234</c> (the value of HTTP_PROXY).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Starts the proxy on 127.0.0.1 and an ephemeral port.</summary>
    /// <param name="logger">Logger (one line per refused request).</param>
    /// <param name="ct">Cancels the start.</param>
    public static async Task<ServiceProxy> StartAsync(ILogger logger, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var proxy = new ServiceProxy(app);
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        app.Run(context => proxy.ForwardAsync(context, forwarder, logger));
        await app.StartAsync(ct).ConfigureAwait(false);
        proxy.Url = new Uri(app.Urls.First());
        return proxy;
    }

    /// <summary>Replaces the Services and pods requests are resolved against (the agent calls it after each list).</summary>
    public void Update(IReadOnlyList<V1Service> services, IReadOnlyList<V1Pod> pods) => _snapshot = new Snapshot(services, pods);

    /// <summary>
    /// The endpoint for <paramref name="host"/>:<paramref name="port"/>, e.g. <c>iris-canary.demo.svc</c>:8080 →
    /// <c>http://127.0.1.4:8080</c>; null with <paramref name="why"/> when it cannot be resolved.
    /// </summary>
    public Uri? Resolve(string host, int port, out string why)
    {
        var parts = host.TrimEnd('.').Split('.');
        var isService = parts.Length == 3 && parts[2] == "svc"
            || parts.Length == 5 && parts[2] == "svc" && parts[3] == "cluster" && parts[4] == "local";
        if (!isService)
        {
            why = $"{host} is not a Service name (<service>.<namespace>.svc[.cluster.local])";
            return null;
        }

        var snapshot = _snapshot;
        var service = snapshot.Services.FirstOrDefault(s => s.Metadata.Name == parts[0] && s.Metadata.NamespaceProperty == parts[1]);
        var servicePort = service?.Spec?.Ports?.FirstOrDefault(p => p.Port == port);
        if (service is null || servicePort is null)
        {
            why = service is null ? $"no Service {parts[1]}/{parts[0]}" : $"Service {parts[1]}/{parts[0]} has no port {port}";
            return null;
        }

        var pods = snapshot.Pods.Where(p => p.Metadata.NamespaceProperty == parts[1]).ToList();
        var ready = pods.Where(p => service.Spec.Selector is { Count: > 0 } selector
            && p.Metadata.DeletionTimestamp is null && RoutingTableBuilder.Matches(selector, p.Metadata.Labels) && RoutingTableBuilder.IsReady(p))
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        if (ready.Count == 0)
        {
            why = $"Service {parts[1]}/{parts[0]} has no Ready endpoint";
            return null;
        }

        var pod = ready[(int)((uint)Interlocked.Increment(ref _turn) % (uint)ready.Count)];
        why = "";
        return new Uri($"http://{pod.Status.PodIP}:{TargetPort(servicePort, pod).ToString(CultureInfo.InvariantCulture)}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _invoker.Dispose();
    }

    private static int TargetPort(V1ServicePort port, V1Pod pod)
    {
        var target = port.TargetPort?.Value;
        if (string.IsNullOrEmpty(target))
        {
            return port.Port;
        }

        if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return pod.Spec?.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == target)?.ContainerPort ?? port.Port;
    }

    private async Task ForwardAsync(HttpContext context, IHttpForwarder forwarder, ILogger logger)
    {
        if (HttpMethods.IsConnect(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            await context.Response.WriteAsync("the local service proxy forwards plain HTTP only (no CONNECT)", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // Kestrel takes the authority of an absolute-form request target (what a client sends to a proxy) as Host.
        var host = context.Request.Host;
        var destination = Resolve(host.Host, host.Port ?? 80, out var why);
        if (destination is null)
        {
            Debug.Assert(why.Length > 0, "a refusal names its reason");
            LogRefused(logger, context.Request.Method, host.Value ?? "", context.Request.Path.Value ?? "", why);
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            await context.Response.WriteAsync($"local service proxy: {why}", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await forwarder.SendAsync(context, destination.ToString().TrimEnd('/'), _invoker, ForwarderRequestConfig.Empty, HttpTransformer.Default).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "service proxy: {Method} {Host}{Path} refused: {Why}")]
    private static partial void LogRefused(ILogger logger, string method, string host, string path, string why);

    private sealed record Snapshot(IReadOnlyList<V1Service> Services, IReadOnlyList<V1Pod> Pods);
}
