using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Model;

namespace Rollouts.Serving.Tests;

/// <summary>
/// Safe http(s) model downloads, end to end on the real server: redirects to link-local and metadata addresses (as
/// literals, IPv4-mapped, or through a name an injected resolver answers) are refused at the hop that would connect,
/// redirect loops and oversize bodies stop, the timeout holds, private ranges can be denied, messages never show
/// credentials or queries, and a good download through a redirect and a resolved name loads and serves.
/// </summary>
public sealed class ModelFetchTests
{
    private const string Row = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is link-local (169.254.0.0/16, cloud metadata services)")]
    [InlineData("http://[fe80::1]/m.onnx", "fe80::1 is link-local (fe80::/10)")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/", "fd00:ec2::254 is the AWS IPv6 metadata service")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/", "::ffff:169.254.169.254 carries 169.254.169.254, which is link-local")]
    [InlineData("http://100.100.100.200/latest/meta-data/", "100.100.100.200 is the Alibaba Cloud metadata service")]
    [InlineData("http://0.0.0.0:{port}/model.onnx", "0.0.0.0 is 'this network'")]
    [InlineData("http://metadata.test/computeMetadata/v1/", "'metadata.test' resolves to 169.254.169.254; 169.254.169.254 is link-local")]
    public async Task A_redirect_to_a_metadata_or_link_local_address_is_refused_before_connecting(string location, string reason)
    {
        var requests = 0;
        await using var origin = await ModelOrigin.StartAsync(context =>
        {
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = location.Replace("{port}", context.Connection.LocalPort.ToString(), StringComparison.Ordinal);
            return Task.CompletedTask;
        });
        await using var server = await ServingServer.StartUnreadyAsync(origin.Urls.First() + "/model.onnx", WithResolver, "--max-batch-size", "1");
        await server.WaitAsync(s => s.Host.Status != ModelStatus.Loading);

        server.Host.Status.ShouldBe(ModelStatus.Failed);
        server.Host.Failure!.ShouldContain("refused to connect: ");
        server.Host.Failure!.ShouldContain(reason);
        server.Host.Failure!.ShouldStartWith($"GET http://{new Uri(location.Replace("{port}", "1", StringComparison.Ordinal)).Host}");
        requests.ShouldBe(1);
        server.Host.ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task A_good_download_through_a_redirect_and_a_resolved_name_loads_and_serves()
    {
        var bytes = await File.ReadAllBytesAsync(TestModels.Sample("iris-v1"));
        await using var origin = await ModelOrigin.StartAsync(async context =>
        {
            if (context.Request.Path == "/start")
            {
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = $"http://models.test:{context.Connection.LocalPort}/model.onnx";
                return;
            }

            context.Request.Host.Host.ShouldBe("models.test");
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        });
        await using var server = await ServingServer.StartUnreadyAsync(origin.Urls.First() + "/start", WithResolver);
        await server.WaitAsync(s => s.Host.Status != ModelStatus.Loading);

        server.Host.Status.ShouldBe(ModelStatus.Ready, server.Host.Failure);
        (await server.InferJsonAsync(Row)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_redirect_loop_stops_after_the_bounded_count()
    {
        var requests = 0;
        await using var origin = await ModelOrigin.StartAsync(context =>
        {
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = "/model.onnx";
            return Task.CompletedTask;
        });
        await using var server = await FailedAsync(origin.Urls.First() + "/model.onnx");

        server.Host.Failure.ShouldBe($"GET {origin.Urls.First()}/model.onnx: more than {HttpModelFetcher.MaxRedirects} redirects");
        requests.ShouldBe(HttpModelFetcher.MaxRedirects + 1);
    }

    [Theory]
    [InlineData(false, "more than the 100000-byte limit (--max-model-bytes)")]
    [InlineData(true, "300000 bytes declared, over the 100000-byte limit (--max-model-bytes)")]
    public async Task A_body_over_the_limit_is_refused_while_streaming_or_from_its_declared_length(bool declare, string expected)
    {
        var written = 0L;
        await using var origin = await ModelOrigin.StartAsync(async context =>
        {
            if (declare)
            {
                context.Response.ContentLength = 300_000;
            }

            var chunk = new byte[10_000];
            for (var i = 0; i < 30; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                Interlocked.Add(ref written, chunk.Length);
            }
        });
        await using var server = await FailedAsync(origin.Urls.First() + "/model.onnx", "--max-model-bytes", "100000");

        server.Host.Failure.ShouldBe($"GET {origin.Urls.First()}/model.onnx: {expected}");
    }

    [Fact]
    public async Task A_store_that_never_answers_fails_at_the_timeout()
    {
        await using var origin = await ModelOrigin.StartAsync(async context =>
        {
            await context.Response.Body.WriteAsync(new byte[100], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await using var server = await FailedAsync(origin.Urls.First() + "/model.onnx", "--model-fetch-timeout", "1s");

        server.Host.Failure.ShouldBe($"GET {origin.Urls.First()}/model.onnx: no complete answer within 1 s (--model-fetch-timeout)");
    }

    [Fact]
    public async Task Deny_private_refuses_a_loopback_store_that_is_allowed_by_default()
    {
        var bytes = await File.ReadAllBytesAsync(TestModels.Sample("iris-v1"));
        await using var origin = await ModelOrigin.StartAsync(context => context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask());
        await using var denied = await FailedAsync(origin.Urls.First() + "/model.onnx", "--model-fetch-deny-private", "true");
        denied.Host.Failure.ShouldBe($"GET {origin.Urls.First()}/model.onnx: refused to connect: 127.0.0.1 is loopback (127.0.0.0/8)");

        await using var allowed = await ServingServer.StartAsync(origin.Urls.First() + "/model.onnx");
        (await allowed.InferJsonAsync(Row)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Messages_never_show_the_uris_credentials_or_query()
    {
        await using var origin = await ModelOrigin.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });
        var address = new Uri(origin.Urls.First());
        await using var server = await FailedAsync($"http://reader:s3cretpass@{address.Authority}/model.onnx?token=s3crettoken");

        server.Host.Failure.ShouldBe($"GET http://{address.Authority}/model.onnx: HTTP 403 Forbidden");
    }

    [Fact]
    public async Task The_real_process_exits_1_naming_the_uri_and_the_refused_hop()
    {
        await using var origin = await ModelOrigin.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
            return Task.CompletedTask;
        });
        var uri = origin.Urls.First() + "/model.onnx";

        var (code, output) = await ServerCommand.RunAsync("--model-name", "iris", "--model-uri", uri + "?sig=hidden", "--urls", "http://127.0.0.1:0");

        code.ShouldBe(1, output);
        output.ShouldContain($"cannot load model iris version 1 from {uri}: GET http://169.254.169.254/latest/meta-data/iam/security-credentials/: " +
            "refused to connect: 169.254.169.254 is link-local (169.254.0.0/16, cloud metadata services)");
        output.ShouldNotContain("hidden");
    }

    private static void WithResolver(IServiceCollection services) =>
        services.AddSingleton(provider => new HttpModelFetcher(provider.GetRequiredService<FetchOptions>(), (host, _) => Task.FromResult(host switch
        {
            "models.test" => new[] { IPAddress.Loopback },
            "metadata.test" => [IPAddress.Parse("169.254.169.254")],
            _ => [],
        })));

    private static async Task<ServingServer> FailedAsync(string uri, params string[] extra)
    {
        var server = await ServingServer.StartUnreadyAsync(uri, extra);
        await server.WaitAsync(s => s.Host.Status != ModelStatus.Loading);
        server.Host.Status.ShouldBe(ModelStatus.Failed);
        server.Host.ExitCode.ShouldBe(1);
        return server;
    }
}
