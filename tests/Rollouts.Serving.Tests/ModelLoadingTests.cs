using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Rollouts.Serving.Model;

namespace Rollouts.Serving.Tests;

/// <summary>Model loading: URI forms, SHA-256 check, refusals with clear messages, liveness during load, non-zero exit.</summary>
public sealed class ModelLoadingTests
{
    [Fact]
    public async Task Matching_sha256_and_a_file_uri_load()
    {
        var path = TestModels.Sample("iris-v1");
        var sha = ModelSource.Sha256Hex(await File.ReadAllBytesAsync(path));
        await using var server = await ServingServer.StartAsync(new Uri(path).AbsoluteUri, "--model-sha256", sha.ToUpperInvariant());
        (await server.GetJsonAsync("/v2/health/ready")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_sha256_mismatch_is_refused_and_stops_the_application_with_exit_code_1()
    {
        await using var server = await ServingServer.StartUnreadyAsync(TestModels.Sample("iris-v1"), "--model-sha256", new string('0', 64));
        await server.WaitAsync(s => s.Host.Status != ModelStatus.Loading);
        server.Host.Status.ShouldBe(ModelStatus.Failed);
        server.Host.Failure!.ShouldContain("SHA-256 mismatch");
        server.Host.Failure!.ShouldContain("expected " + new string('0', 64));
        server.Host.ExitCode.ShouldBe(1);
        server.App.Lifetime.ApplicationStopping.IsCancellationRequested.ShouldBeTrue();
    }

    [Theory]
    [InlineData("zipmap", "not a tensor")]
    [InlineData("garbage", "")]
    [InlineData("missing", "file not found")]
    public async Task A_model_that_cannot_be_served_is_refused_with_a_message(string which, string expected)
    {
        var uri = which switch
        {
            "zipmap" => TestModels.ZipMap(),
            "garbage" => TestModels.Garbage(),
            _ => "/nonexistent/model.onnx",
        };
        await using var server = await ServingServer.StartUnreadyAsync(uri);
        await server.WaitAsync(s => s.Host.Status != ModelStatus.Loading);
        server.Host.Status.ShouldBe(ModelStatus.Failed);
        server.Host.Failure!.ShouldContain(expected);
        if (which == "zipmap")
        {
            server.Host.Failure!.ShouldContain("'zipmap': False");
        }

        server.Host.ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task Live_answers_while_the_model_downloads_and_ready_follows_the_load()
    {
        var release = new TaskCompletionSource();
        var bytes = await File.ReadAllBytesAsync(TestModels.Sample("iris-v1"));
        await using var origin = await ModelOrigin.StartAsync(async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        });
        await using var server = await ServingServer.StartUnreadyAsync(origin.Urls.First() + "/model.onnx");

        (await server.Client.GetAsync("/v2/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.GetJsonAsync("/v2/health/ready")).Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await server.GetJsonAsync("/v2/models/m/ready")).Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await server.GetJsonAsync("/v2/models/m")).Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var (status, body) = await server.InferJsonAsync("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""");
        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        body!["error"]!.GetValue<string>().ShouldContain("not ready");

        release.SetResult();
        await server.WaitAsync(s => s.Host.Status == ModelStatus.Ready);
        (await server.GetJsonAsync("/v2/health/ready")).Status.ShouldBe(HttpStatusCode.OK);
        (await server.InferJsonAsync("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("file:///etc/hostname", "refused redirect")]
    [InlineData("", "HTTP 404")]
    public async Task Downloads_refuse_redirects_to_other_schemes_and_http_errors(string location, string expected)
    {
        await using var origin = await ModelOrigin.StartAsync(context =>
        {
            if (location.Length > 0)
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = location;
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }

            return Task.CompletedTask;
        });
        await using var server = await ServingServer.StartUnreadyAsync(origin.Urls.First() + "/model.onnx");
        await server.WaitAsync(s => s.Host.Status != ModelStatus.Loading);
        server.Host.Failure!.ShouldContain(expected);
    }

    [Fact]
    public async Task The_real_process_exits_non_zero_when_the_model_cannot_load()
    {
        var (code, output) = await ServerCommand.RunAsync("--model-name", "iris", "--model-version", "1", "--model-uri", "/nonexistent/model.onnx", "--urls", "http://127.0.0.1:0");
        code.ShouldBe(1, output);
        output.ShouldContain("cannot load model iris version 1 from /nonexistent/model.onnx");
    }

    [Fact]
    public async Task The_real_process_exits_non_zero_on_a_sha256_mismatch()
    {
        var (code, output) = await ServerCommand.RunAsync("--model-name", "iris", "--model-uri", TestModels.Sample("iris-v1"), "--model-sha256", new string('f', 64), "--urls", "http://127.0.0.1:0");
        code.ShouldBe(1, output);
        output.ShouldContain("SHA-256 mismatch");
    }

    [Fact]
    public async Task The_real_process_exits_2_on_a_bad_option()
    {
        var (code, output) = await ServerCommand.RunAsync("--model-name", "iris", "--model-uri", "x.onnx", "--max-batch-size", "lots");
        code.ShouldBe(2, output);
        output.ShouldContain("--max-batch-size (SERVING_MAX_BATCH_SIZE): expected an integer");
    }
}
