using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Rollouts.Serving.Tests;

/// <summary>A model store for download tests: Kestrel on 127.0.0.1 with a free port answering every request with a handler.</summary>
internal static class ModelOrigin
{
    /// <summary>Starts the store; its address is <c>app.Urls.First()</c>, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public static async Task<WebApplication> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return app;
    }
}
