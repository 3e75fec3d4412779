using System.Globalization;
using System.Net;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Serving.Hosting;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>--grpc-port: off by default, the switch wins over SERVING_GRPC_PORT, bad values are named; REST stays on its port.</summary>
public sealed class GrpcOptionsTests
{
    [Fact]
    public void Grpc_is_off_unless_a_port_is_given_and_the_switch_wins_over_the_variable()
    {
        Read().Port.ShouldBeNull();
        Read().Enabled.ShouldBeFalse();
        Read(("SERVING_GRPC_PORT", "9000")).Port.ShouldBe(9000);
        Read(("SERVING_GRPC_PORT", "9000"), ("grpc-port", "9001")).Port.ShouldBe(9001);
        GrpcOptions.Keys.ShouldBe(["grpc-port"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("http")]
    [InlineData("-5")]
    public void A_bad_port_is_an_error_naming_the_switch_the_variable_and_the_value(string value)
    {
        var problems = new List<string>();
        GrpcOptions.Read(Configuration(("grpc-port", value)), problems).Enabled.ShouldBeFalse();
        problems.ShouldBe([$"--grpc-port (SERVING_GRPC_PORT): expected a TCP port from 1 to 65535, got '{value}'"]);

        var errors = new StringWriter();
        ServingHost.Build(["--model-name", "m", "--model-uri", "m.onnx", "--grpc-port", value], errors).ShouldBeNull();
        errors.ToString().ShouldContain("--grpc-port (SERVING_GRPC_PORT)");
    }

    [Fact]
    public async Task With_grpc_on_rest_still_answers_http_1_1_on_its_port_and_grpc_answers_on_its_own()
    {
        var port = ServingProcess.FreePort();
        await using var server = await ServingServer.StartAsync(TestModels.Sample("iris-v1"), "--grpc-port", port.ToString(CultureInfo.InvariantCulture));
        using var rest = await server.Client.GetAsync("/v2/health/ready");
        rest.StatusCode.ShouldBe(HttpStatusCode.OK);
        rest.Version.ShouldBe(HttpVersion.Version11);
        new Uri(server.App.Urls.First()).Port.ShouldNotBe(port);

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        (await new GRPCInferenceService.GRPCInferenceServiceClient(channel).ServerReadyAsync(new ServerReadyRequest())).Ready.ShouldBeTrue();
    }

    [Fact]
    public async Task With_a_wildcard_rest_address_grpc_listens_on_every_address_too()
    {
        var port = ServingProcess.FreePort();
        await using var server = await ServingServer.StartAsync(TestModels.Sample("iris-v1"), "--urls", "http://+:0", "--grpc-port", port.ToString(CultureInfo.InvariantCulture));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        (await new GRPCInferenceService.GRPCInferenceServiceClient(channel).ServerLiveAsync(new ServerLiveRequest())).Live.ShouldBeTrue();
        var rest = new Uri(server.App.Urls.First()).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rest}") };
        (await http.GetAsync("/v2/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static GrpcOptions Read(params (string Key, string Value)[] values)
    {
        var problems = new List<string>();
        var options = GrpcOptions.Read(Configuration(values), problems);
        problems.ShouldBeEmpty();
        return options;
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
