using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Grpc;

/// <summary>
/// Puts the gRPC service on its own Kestrel endpoint: cleartext HTTP/2 only (h2c, prior knowledge, as gRPC clients speak
/// it without TLS) on <c>--grpc-port</c>, bound to the same address as the first REST address. Kestrel ignores
/// <c>--urls</c> once any endpoint is configured in code, so the REST addresses are bound here too, exactly as
/// <c>--urls</c> / <c>ASPNETCORE_URLS</c> (else <c>ASPNETCORE_HTTP_PORTS</c>, else http://localhost:5000) give them,
/// with Kestrel's default protocols (HTTP/1.1 and HTTP/2). Without <c>--grpc-port</c> nothing here runs.
/// </summary>
public static class GrpcEndpoint
{
    /// <summary>Kestrel's address when none is configured.</summary>
    public const string DefaultUrl = "http://localhost:5000";

    /// <summary>
    /// The REST addresses from configuration: <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), else one
    /// <c>http://*:{port}</c> per <c>http_ports</c> entry (<c>ASPNETCORE_HTTP_PORTS</c>), else <see cref="DefaultUrl"/>.
    /// </summary>
    public static IReadOnlyList<string> RestUrls(IConfiguration configuration)
    {
        static string[] Split(string? text) => (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var urls = Split(configuration["urls"]);
        if (urls.Length > 0)
        {
            return urls;
        }

        var ports = Split(configuration["http_ports"]);
        return ports.Length > 0 ? ports.Select(p => $"http://*:{p}").ToArray() : [DefaultUrl];
    }

    /// <summary>
    /// Binds <paramref name="restUrls"/> (http only) and the h2c gRPC endpoint on <paramref name="grpcPort"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">An https or unix-socket REST address (this server binds neither).</exception>
    public static void Listen(KestrelServerOptions kestrel, IReadOnlyList<string> restUrls, int grpcPort)
    {
        IPAddress? grpcAddress = null;
        var first = true;
        // The first REST address decides the gRPC one: its IP, or (null) every address.
        foreach (var url in restUrls)
        {
            var address = BindingAddress.Parse(url);
            if (address.IsUnixPipe || !string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"REST address '{url}' is not http://host:port; with --grpc-port the server binds plain http addresses only");
            }

            var ip = Bind(kestrel, address.Host, address.Port, HttpProtocols.Http1AndHttp2);
            if (first)
            {
                grpcAddress = ip;
                first = false;
            }
        }

        if (grpcAddress is null)
        {
            // Every address, IPv4 too where the pod has no IPv6 (Kestrel falls back).
            kestrel.ListenAnyIP(grpcPort, o => o.Protocols = HttpProtocols.Http2);
        }
        else
        {
            kestrel.Listen(grpcAddress, grpcPort, o => o.Protocols = HttpProtocols.Http2);
        }
    }

    /// <summary>Maps the gRPC service so it answers on the gRPC port only.</summary>
    public static IEndpointRouteBuilder MapGrpcInference(this IEndpointRouteBuilder app, GrpcOptions grpc)
    {
        if (grpc.Port is int port)
        {
            app.MapGrpcService<InferenceGrpcService>().RequireHost($"*:{port}");
        }

        return app;
    }

    /// <summary>Binds one REST address; returns its IP for the gRPC endpoint (null: every address).</summary>
    private static IPAddress? Bind(KestrelServerOptions kestrel, string host, int port, HttpProtocols protocols)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(port, o => o.Protocols = protocols);
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, port, o => o.Protocols = protocols);
            return ip;
        }

        // "*", "+", "0.0.0.0"-like wildcards and host names: every address, as Kestrel binds them from --urls.
        kestrel.ListenAnyIP(port, o => o.Protocols = protocols);
        return null;
    }
}
