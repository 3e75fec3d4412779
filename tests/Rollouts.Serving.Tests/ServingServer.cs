using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Model;

namespace Rollouts.Serving.Tests;

/// <summary>The real server, in process, on Kestrel at 127.0.0.1 with a free port; a real HttpClient talks to it.</summary>
public sealed class ServingServer : IAsyncDisposable
{
    private ServingServer(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public ModelHost Host => App.Services.GetRequiredService<ModelHost>();

    /// <summary>Starts a server for <paramref name="modelUri"/> as model "m" version "1" and waits until it is ready.</summary>
    public static async Task<ServingServer> StartAsync(string modelUri, params string[] extra)
    {
        var server = await StartUnreadyAsync(modelUri, extra);
        await server.WaitAsync(s => s.Host.Status != ModelStatus.Loading);
        server.Host.Status.ShouldBe(ModelStatus.Ready, server.Host.Failure);
        return server;
    }

    /// <summary>Starts a server without waiting for the model.</summary>
    public static Task<ServingServer> StartUnreadyAsync(string modelUri, params string[] extra) => StartUnreadyAsync(modelUri, _ => { }, extra);

    /// <summary>Starts a server whose services <paramref name="configure"/> may replace, without waiting for the model.</summary>
    public static async Task<ServingServer> StartUnreadyAsync(string modelUri, Action<IServiceCollection> configure, params string[] extra)
    {
        // A loopback address on a free port unless the test gives its own (a flag given twice with two values is refused).
        string[] urls = extra.Contains("--urls") ? [] : ["--urls", "http://127.0.0.1:0"];
        // No drain when the test disposes the server unless the test asks for one: the default 5 s drain (readiness
        // 503 while still serving, for a pod leaving its endpoints) would make every dispose wait 5 s. DrainTests
        // covers the drain on a real process.
        string[] drain = extra.Contains("--drain-seconds") ? [] : ["--drain-seconds", "0"];
        string[] args =
        [
            "--model-name", "m", "--model-version", "1", "--model-uri", modelUri,
            "--intra-op-threads", "1", .. urls, .. drain, .. extra,
        ];
        var errors = new StringWriter();
        var app = ServingHost.Build(args, errors, configure) ?? throw new InvalidOperationException(errors.ToString());
        await app.StartAsync();
        var address = app.Urls.First();
        return new ServingServer(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary>Polls (every 50 ms, up to 60 s) until <paramref name="condition"/> holds.</summary>
    public async Task WaitAsync(Func<ServingServer, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met within 60 s");
            }

            await Task.Delay(50);
        }
    }

    public Task<HttpResponseMessage> InferAsync(string json, string path = "/v2/models/m/infer") =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Posts and returns (status, parsed JSON body).</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> InferJsonAsync(string json, string path = "/v2/models/m/infer")
    {
        using var response = await InferAsync(json, path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
