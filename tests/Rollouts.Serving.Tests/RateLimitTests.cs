using System.Net;
using System.Text.Json.Nodes;
using Rollouts.Serving.Hosting;

namespace Rollouts.Serving.Tests;

/// <summary>
/// <c>--rate-limit-rps</c> / <c>--rate-limit-burst</c> on the real server process: a burst over the limit gets 429 with
/// Retry-After, two keys do not share a bucket, clients without auth are told apart by address, health is never
/// limited, and the client is served again once its bucket refills; bad values are refused at start.
/// </summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly AuthHelpers files = new();

    [Fact]
    public async Task A_burst_over_the_limit_gets_429_with_retry_after_and_another_key_keeps_its_own_bucket()
    {
        var keys = Path.Combine(files.Folder, "keys");
        File.WriteAllText(keys, "client-a-key\nclient-b-key\n");
        await using var server = await AuthHelpers.StartAsync("--api-keys-file", keys, "--rate-limit-rps", "1", "--rate-limit-burst", "3");
        using var a = AuthHelpers.Client(server.Address, "client-a-key");
        using var b = AuthHelpers.Client(server.Address, "client-b-key");

        var served = 0;
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 50 && limited is null; i++)
        {
            var response = await AuthHelpers.InferAsync(a, "iris");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                served++;
                response.Dispose();
            }
        }

        limited.ShouldNotBeNull("client a never hit its limit");
        using (limited)
        {
            served.ShouldBeGreaterThanOrEqualTo(3, "the burst is served");
            limited.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
            JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["error"]!.GetValue<string>().ShouldContain("--rate-limit-rps");
        }

        // Client b's bucket is its own and full: its whole burst is served right after a's refusal.
        for (var i = 0; i < 3; i++)
        {
            (await AuthHelpers.StatusAsync(b, "iris")).ShouldBe(HttpStatusCode.OK);
        }

        // Health is never limited; a is served again once a token is back.
        for (var i = 0; i < 10; i++)
        {
            (await a.GetAsync("v2/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await AuthHelpers.WaitUntilAsync(async () => await AuthHelpers.StatusAsync(a, "iris") == HttpStatusCode.OK, "client a is served after the refill");
        var samples = PrometheusText.Parse(await a.GetStringAsync("metrics"));
        samples.Single(s => s.Name == "model_inference_rejected_requests_total" && s.Labels["reason"] == "rate_limited").Value.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Without_authentication_clients_are_limited_by_address()
    {
        await using var server = await AuthHelpers.StartAsync("--rate-limit-rps", "1", "--rate-limit-burst", "2");
        using var client = AuthHelpers.Client(server.Address);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            statuses.Add(await AuthHelpers.StatusAsync(client, "iris"));
        }

        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void Bad_limits_are_refused_naming_the_switch()
    {
        Errors("--rate-limit-rps", "-1").ShouldContain("--rate-limit-rps (SERVING_RATE_LIMIT_RPS): expected an integer from 0 to 1000000, got '-1'");
        Errors("--rate-limit-rps", "5", "--rate-limit-burst", "0").ShouldContain("--rate-limit-burst (SERVING_RATE_LIMIT_BURST): expected an integer from 1 to 1000000, got '0'");
        Errors("--rate-limit-burst", "5").ShouldContain("--rate-limit-burst (SERVING_RATE_LIMIT_BURST) needs --rate-limit-rps");
        Errors("--max-queued-requests", "lots").ShouldContain("--max-queued-requests (SERVING_MAX_QUEUED_REQUESTS): expected an integer from 0 to 1000000, got 'lots'");
        Errors("--metrics-port", "70000").ShouldContain("--metrics-port (SERVING_METRICS_PORT): expected an integer from 1 to 65535, got '70000'");
    }

    public void Dispose() => files.Dispose();

    private static string Errors(params string[] extra)
    {
        var errors = new StringWriter();
        ServingHost.Build(AuthHelpers.BuildArgs(extra), errors).ShouldBeNull();
        return errors.ToString();
    }
}
