using System.Globalization;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Rollouts.Serving.Grpc.V2;

namespace Rollouts.Serving.Tests;

/// <summary><c>--metrics-port</c> on the real server process: /metrics there alone, not on the main port, and open with auth on.</summary>
public sealed class MetricsPortTests : IDisposable
{
    private readonly AuthHelpers files = new();

    [Fact]
    public async Task Metrics_move_to_their_own_port_and_leave_the_main_one()
    {
        var keys = Path.Combine(files.Folder, "keys");
        File.WriteAllText(keys, "metrics-test-key\n");
        var port = AuthHelpers.FreePort();
        await using var server = await AuthHelpers.StartAsync("--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--api-keys-file", keys);
        using var main = AuthHelpers.Client(server.Address, "metrics-test-key");
        using var metrics = AuthHelpers.Client(new Uri($"http://127.0.0.1:{port}/"));

        (await AuthHelpers.StatusAsync(main, "iris")).ShouldBe(HttpStatusCode.OK);
        using (var response = await metrics.GetAsync("metrics"))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, "no credential needed");
            response.Content.Headers.ContentType!.ToString().ShouldStartWith("text/plain; version=0.0.4");
            var samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
            samples.Single(s => s.Name == "model_inference_requests_total" && s.Labels["code"] == "200").Value.ShouldBe(1);
        }

        using (var response = await main.GetAsync("metrics"))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await response.Content.ReadAsStringAsync()).ShouldContain($"/metrics is served on port {port}");
        }

        (await metrics.GetAsync("v2/health/live")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the metrics port serves /metrics only");
        (await AuthHelpers.StatusAsync(metrics, "iris")).ShouldBe(HttpStatusCode.NotFound);
        (await main.GetAsync("v2/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task With_grpc_on_too_every_port_is_bound_and_auth_covers_grpc()
    {
        // Endpoints set in code (the gRPC one) make Kestrel ignore --urls: the host must bind REST and metrics itself.
        var keys = Path.Combine(files.Folder, "keys");
        File.WriteAllText(keys, "grpc-test-key\n");
        var (metricsPort, grpcPort) = (AuthHelpers.FreePort(), AuthHelpers.FreePort());
        await using var server = await AuthHelpers.StartAsync(
            "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture),
            "--grpc-port", grpcPort.ToString(CultureInfo.InvariantCulture),
            "--api-keys-file", keys);
        using var main = AuthHelpers.Client(server.Address, "grpc-test-key");
        using var metrics = AuthHelpers.Client(new Uri($"http://127.0.0.1:{metricsPort}/"));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var grpc = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        (await AuthHelpers.StatusAsync(main, "iris")).ShouldBe(HttpStatusCode.OK);
        (await grpc.ServerLiveAsync(new ServerLiveRequest())).Live.ShouldBeTrue("health stays open");
        var refused = await Should.ThrowAsync<RpcException>(async () => await grpc.ModelMetadataAsync(new ModelMetadataRequest { Name = "iris" }));
        refused.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        var granted = await grpc.ModelMetadataAsync(new ModelMetadataRequest { Name = "iris" }, new Metadata { { "authorization", "Bearer grpc-test-key" } });
        granted.Name.ShouldBe("iris");
        using var response = await metrics.GetAsync("metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public void Dispose() => files.Dispose();
}
