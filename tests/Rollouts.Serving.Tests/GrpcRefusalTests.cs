using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// The refusals of the middleware and the queue, seen by a real gRPC client (Grpc.Net.Client over h2c) on the real
/// server process: UNAUTHENTICATED without or with a wrong key while ServerLive/ServerReady stay open,
/// RESOURCE_EXHAUSTED over the rate limit and UNAVAILABLE when <c>--max-queued-requests</c> is full, both with a
/// <c>retry-after</c> trailer; after each the server serves the next good call. (INVALID_ARGUMENT and NOT_FOUND, also
/// each followed by a good call, are in <see cref="GrpcTests"/>.)
/// </summary>
public sealed class GrpcRefusalTests : IDisposable
{
    private readonly AuthHelpers files = new();

    [Fact]
    public async Task Calls_without_or_with_a_wrong_key_are_unauthenticated_while_health_rpcs_stay_open()
    {
        var keys = Path.Combine(files.Folder, "keys");
        File.WriteAllText(keys, "grpc-key-0001\n");
        var port = ServingProcess.FreePort();
        await using var server = await AuthHelpers.StartAsync("--api-keys-file", keys, "--grpc-port", Text(port));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        (await client.ServerLiveAsync(new ServerLiveRequest())).Live.ShouldBeTrue("ServerLive needs no key");
        (await client.ServerReadyAsync(new ServerReadyRequest())).Ready.ShouldBeTrue("ServerReady needs no key");

        var missing = await Should.ThrowAsync<RpcException>(async () => await client.ModelInferAsync(GrpcServingFixture.IrisRequest(ServingProcess.IrisRows[0])));
        missing.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        missing.Status.Detail.ShouldStartWith("missing credentials");
        var metadata = await Should.ThrowAsync<RpcException>(async () => await client.ModelMetadataAsync(new ModelMetadataRequest { Name = "iris" }));
        metadata.StatusCode.ShouldBe(StatusCode.Unauthenticated, "metadata is not a health RPC");

        var wrong = await Should.ThrowAsync<RpcException>(async () =>
            await client.ModelInferAsync(GrpcServingFixture.IrisRequest(ServingProcess.IrisRows[0]), Bearer("grpc-key-0002")));
        wrong.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        wrong.Status.Detail.ShouldBe("invalid API key");

        var good = await client.ModelInferAsync(GrpcServingFixture.IrisRequest(ServingProcess.IrisRows[0]), Bearer("grpc-key-0001"));
        good.Outputs.Count.ShouldBe(2, "the server keeps serving after the refusals");
        (await client.ModelMetadataAsync(new ModelMetadataRequest { Name = "iris" }, Bearer("grpc-key-0001"))).Name.ShouldBe("iris");
    }

    [Fact]
    public async Task Calls_over_the_rate_limit_are_resource_exhausted_with_retry_after_and_served_again_once_the_bucket_refills()
    {
        var port = ServingProcess.FreePort();
        await using var server = await AuthHelpers.StartAsync("--rate-limit-rps", "1", "--rate-limit-burst", "3", "--grpc-port", Text(port));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        var served = 0;
        RpcException? limited = null;
        for (var i = 0; i < 50 && limited is null; i++)
        {
            try
            {
                (await client.ModelInferAsync(GrpcServingFixture.IrisRequest(ServingProcess.IrisRows[i]))).Outputs.Count.ShouldBe(2);
                served++;
            }
            catch (RpcException e)
            {
                limited = e;
            }
        }

        limited.ShouldNotBeNull("the client never hit its limit");
        served.ShouldBeGreaterThanOrEqualTo(3, "the burst is served");
        limited.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
        limited.Status.Detail.ShouldContain("--rate-limit-rps");
        RetryAfter(limited).ShouldBeGreaterThanOrEqualTo(1);
        (await client.ServerReadyAsync(new ServerReadyRequest())).Ready.ShouldBeTrue("health RPCs are never limited");

        await AuthHelpers.WaitUntilAsync(async () =>
        {
            try
            {
                return (await client.ModelInferAsync(GrpcServingFixture.IrisRequest(ServingProcess.IrisRows[0]))).Outputs.Count == 2;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                return false;
            }
        }, "a call is served again after the bucket refills");
        var samples = PrometheusText.Parse(await server.MetricsAsync());
        samples.Where(s => s.Name == "model_inference_rejected_requests_total" && s.Labels.GetValueOrDefault("reason") == "rate_limited")
            .Sum(s => s.Value).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Overloading_iris_slow_gives_unavailable_with_retry_after_while_admitted_calls_succeed_and_it_recovers()
    {
        var port = ServingProcess.FreePort();
        await using var server = await ServingProcess.StartAsync("iris-slow", "slow", "1",
            ["--max-queued-requests", "2", "--intra-op-threads", "1", "--grpc-port", Text(port)]);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var rows = ServingProcess.IrisRows.Take(32).ToArray();

        // 24 calls at once, 32 rows each: iris-slow takes far longer per Run than the calls take to arrive.
        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ =>
        {
            var request = GrpcServingFixture.IrisRequest(rows);
            request.ModelName = "slow";
            try
            {
                return ((await client.ModelInferAsync(request)).Outputs.Count == 2 ? StatusCode.OK : StatusCode.Unknown, (RpcException?)null);
            }
            catch (RpcException e)
            {
                return (e.StatusCode, e);
            }
        }));

        var refused = results.Where(r => r.Item1 == StatusCode.Unavailable).Select(r => r.Item2!).ToList();
        var served = results.Count(r => r.Item1 == StatusCode.OK);
        (refused.Count + served).ShouldBe(results.Length, string.Join(", ", results.Select(r => r.Item1).Distinct()));
        refused.ShouldNotBeEmpty();
        served.ShouldBeGreaterThan(0);
        foreach (var e in refused)
        {
            e.Status.Detail.ShouldContain("--max-queued-requests");
            RetryAfter(e).ShouldBeGreaterThanOrEqualTo(1);
        }

        var samples = PrometheusText.Parse(await server.MetricsAsync());
        samples.Where(s => s.Name == "model_inference_requests_total" && s.Labels.GetValueOrDefault("code") == "503")
            .Sum(s => s.Value).ShouldBe(refused.Count, "a gRPC refusal counts under the HTTP code of the same refusal");

        var one = GrpcServingFixture.IrisRequest(rows[0]);
        one.ModelName = "slow";
        (await client.ModelInferAsync(one)).Outputs.Count.ShouldBe(2, "recovered: a lone call is admitted");
    }

    public void Dispose() => files.Dispose();

    private static CallOptions Bearer(string key) => new(new Metadata { { "authorization", $"Bearer {key}" } });

    private static long RetryAfter(RpcException e)
    {
        var entry = e.Trailers.Get("retry-after");
        entry.ShouldNotBeNull($"no retry-after trailer in [{string.Join(", ", e.Trailers.Select(t => t.Key))}]");
        return long.Parse(entry.Value, CultureInfo.InvariantCulture);
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
