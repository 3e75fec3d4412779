using System.Globalization;
using System.Net;

namespace Rollouts.Serving.Tests;

/// <summary>A failure inside ONNX Runtime (the real iris-broken model) is a 500 with ONNX Runtime's message, counted, and the server keeps serving.</summary>
public sealed class InternalErrorTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("500")]
    public async Task Failure_inside_onnx_runtime_is_500_and_counted(string delayMicroseconds)
    {
        await using var server = await ServingServer.StartAsync(TestModels.Sample("iris-broken"), "--max-batch-delay-us", delayMicroseconds);
        int ok = 0, failed = 0;
        foreach (var row in IrisData.Rows())
        {
            var data = string.Join(',', row.Features.Select(f => f.ToString(CultureInfo.InvariantCulture)));
            var (status, body) = await server.InferJsonAsync($$"""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[{{data}}]}]}""");
            if (status == HttpStatusCode.OK)
            {
                ok++;
            }
            else
            {
                status.ShouldBe(HttpStatusCode.InternalServerError);
                body!["error"]!.GetValue<string>().ShouldStartWith("inference failed inside ONNX Runtime");
                failed++;
            }
        }

        ok.ShouldBeGreaterThan(0);
        failed.ShouldBeGreaterThan(0);
        var samples = PrometheusText.Parse(await server.Client.GetStringAsync("/metrics"));
        samples.Single(s => s.Name == "model_inference_requests_total" && s.Labels["code"] == "500").Value.ShouldBe(failed);
        samples.Single(s => s.Name == "model_inference_requests_total" && s.Labels["code"] == "200").Value.ShouldBe(ok);
    }
}
