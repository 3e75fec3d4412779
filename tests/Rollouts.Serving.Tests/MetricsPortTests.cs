using System.Net;

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

    public void Dispose() => files.Dispose();
}
