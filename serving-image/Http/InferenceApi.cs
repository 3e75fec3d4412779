using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Model;

namespace Rollouts.Serving.Http;

/// <summary>The Open Inference Protocol (KServe V2) REST endpoints, mapped in one place.</summary>
public static class InferenceApi
{
    /// <summary>The server name reported by GET /v2.</summary>
    public const string ServerName = "rollouts-serving";

    /// <summary>The server version reported by GET /v2 and gRPC ServerMetadata: the assembly's, major.minor.build.</summary>
    public static string ServerVersion { get; } = typeof(InferenceApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The protocol extensions reported by GET /v2 and gRPC ServerMetadata.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [BinaryTensorExtension.ExtensionName];

    private static readonly byte[] Live = """{"live":true}"""u8.ToArray();
    private static readonly byte[] Ready = """{"ready":true}"""u8.ToArray();
    private static readonly byte[] NotReady = """{"ready":false}"""u8.ToArray();

    /// <summary>
    /// Maps GET /v2, /v2/health/live, /v2/health/ready, GET /v2/models/{name}[/versions/{version}] (metadata),
    /// .../ready, POST .../infer, and POST /v2/models/{name}/feedback (<see cref="FeedbackHandler"/>). Liveness never depends on the model; readiness and model endpoints answer 503
    /// until the model is loaded and warmed up, 404 for another model name or version; readiness answers 503 again
    /// from the moment the server starts stopping (<see cref="ShutdownDrain"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        var host = app.ServiceProvider.GetRequiredService<ModelHost>();
        var infer = app.ServiceProvider.GetRequiredService<InferHandler>();
        var drain = app.ServiceProvider.GetRequiredService<ShutdownDrain>();
        var feedback = app.ServiceProvider.GetRequiredService<FeedbackHandler>();
        var server = MetadataJson.Server(ServerName, ServerVersion, Extensions);

        app.MapGet("/v2", (HttpContext c) => JsonResponses.WriteAsync(c, StatusCodes.Status200OK, server));
        app.MapGet("/v2/health/live", (HttpContext c) => JsonResponses.WriteAsync(c, StatusCodes.Status200OK, Live));
        app.MapGet("/v2/health/ready", (HttpContext c) => host.Model is null || drain.Draining
            ? JsonResponses.WriteAsync(c, StatusCodes.Status503ServiceUnavailable, NotReady)
            : JsonResponses.WriteAsync(c, StatusCodes.Status200OK, Ready));

        app.MapGet("/v2/models/{name}", (HttpContext c, string name) => MetadataAsync(c, host, name, null));
        app.MapGet("/v2/models/{name}/versions/{version}", (HttpContext c, string name, string version) => MetadataAsync(c, host, name, version));
        app.MapGet("/v2/models/{name}/ready", (HttpContext c, string name) => ModelReadyAsync(c, host, name, null));
        app.MapGet("/v2/models/{name}/versions/{version}/ready", (HttpContext c, string name, string version) => ModelReadyAsync(c, host, name, version));
        app.MapPost("/v2/models/{name}/infer", (HttpContext c, string name) => infer.InferAsync(c, name, null));
        app.MapPost("/v2/models/{name}/versions/{version}/infer", (HttpContext c, string name, string version) => infer.InferAsync(c, name, version));
        app.MapPost("/v2/models/{name}/feedback", (HttpContext c, string name) => feedback.HandleAsync(c, name));
        return app;
    }

    private static Task MetadataAsync(HttpContext context, ModelHost host, string name, string? version)
    {
        if (Unknown(host, name, version) is { } notFound)
        {
            return JsonResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, notFound);
        }

        return host.Model is { } model
            ? JsonResponses.WriteAsync(context, StatusCodes.Status200OK, model.MetadataJson)
            : JsonResponses.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, $"model '{host.Name}' version '{host.Version}' is not ready ({host.Status.ToString().ToLowerInvariant()})");
    }

    private static Task ModelReadyAsync(HttpContext context, ModelHost host, string name, string? version)
    {
        if (Unknown(host, name, version) is { } notFound)
        {
            return JsonResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, notFound);
        }

        var ready = host.Model is not null;
        return JsonResponses.WriteAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, (host, ready), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("name"u8, s.host.Name);
            w.WriteString("version"u8, s.host.Version);
            w.WriteBoolean("ready"u8, s.ready);
            w.WriteEndObject();
        });
    }

    private static string? Unknown(ModelHost host, string name, string? version) =>
        name != host.Name ? $"unknown model '{name}': this server serves '{host.Name}'"
        : version is not null && version != host.Version ? $"unknown version '{version}' of model '{name}': this server serves version '{host.Version}'"
        : null;
}
