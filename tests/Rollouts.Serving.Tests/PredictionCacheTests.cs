using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Net.Client;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Serving.Hosting;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// <c>--cache-redis</c> / <c>--cache-ttl</c> on the real server process against Debian's redis-server on a free port:
/// a hit after a miss answers the same, whether the tensor comes as JSON, binary tensor or gRPC raw contents; merged
/// requests each cache their own rows; another input misses; an entry expires with its TTL; Redis killed mid-traffic
/// fails no request, and once it is back the cache hits again.
/// </summary>
public sealed class PredictionCacheTests
{
    [Fact]
    public async Task The_same_tensor_hits_after_a_miss_with_the_same_answer_whether_sent_as_json_binary_or_grpc_and_another_misses()
    {
        await using var redis = await RedisServer.StartAsync();
        var grpcPort = ServingProcess.FreePort();
        await using var server = await ServingProcess.StartAsync("iris-v2", "iris", "2",
            // A bound a loaded test machine cannot reach: a store that times out is dropped by design, and this test counts them.
            ["--cache-redis", redis.Endpoint, "--cache-timeout", "5s", "--grpc-port", grpcPort.ToString(CultureInfo.InvariantCulture), "--max-batch-delay-us", "20000"]);
        using var http = new HttpClient { BaseAddress = server.Address };
        var row = ServingProcess.IrisRows[77];

        var first = await JsonAsync(http, [row]);
        (await Lookups(server)).ShouldBe((0, 1, 0));
        await WaitAsync(async () => await redis.KeyCountAsync() == 1, "the miss is stored");

        (await JsonAsync(http, [row])).ShouldBe(first);
        (await Lookups(server)).ShouldBe((1, 1, 0));

        var header = """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}]}""";
        var content = new ByteArrayContent([.. Encoding.UTF8.GetBytes(header), .. MemoryMarshal.AsBytes(row.AsSpan())]);
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));
        using (var binary = await http.PostAsync("v2/models/iris/infer", content))
        {
            binary.StatusCode.ShouldBe(HttpStatusCode.OK);
            Answer(JsonNode.Parse(await binary.Content.ReadAsStringAsync())!).ShouldBe(first);
        }

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var request = new ModelInferRequest { ModelName = "iris" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32" };
        input.Shape.AddRange([1, 4]);
        request.Inputs.Add(input);
        request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(row.AsSpan())));
        var raw = await new GRPCInferenceService.GRPCInferenceServiceClient(channel).ModelInferAsync(request);
        var grpcLabel = MemoryMarshal.Cast<byte, long>(raw.RawOutputContents[raw.Outputs.IndexOf(raw.Outputs.Single(o => o.Name == "label"))].Span).ToArray();
        grpcLabel.ShouldBe(first.Label);
        (await Lookups(server)).ShouldBe((3, 1, 0), "JSON, binary and gRPC raw forms of one tensor share a key");

        (await JsonAsync(http, [ServingProcess.IrisRows[10]])).ShouldNotBe(first);
        (await Lookups(server)).ShouldBe((3, 2, 0), "another input misses");

        // Merged Runs: each request stores its own rows, and its hit answers what the model answered.
        var rows = Enumerable.Range(100, 12).Select(i => ServingProcess.IrisRows[i]).ToArray();
        var computed = await Task.WhenAll(rows.Select(r => JsonAsync(http, [r, r])));
        await WaitAsync(async () => await redis.KeyCountAsync() == 2 + rows.Length, "every merged request is stored");
        var cached = await Task.WhenAll(rows.Select(r => JsonAsync(http, [r, r])));
        cached.ShouldBe(computed);
        (await Lookups(server)).Hits.ShouldBe(3 + rows.Length);
    }

    [Fact]
    public async Task An_entry_expires_with_its_ttl_and_the_next_lookup_misses()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var server = await ServingProcess.StartAsync("iris-v2", "iris", "2", ["--cache-redis", redis.Endpoint, "--cache-ttl", "1s"]);
        using var http = new HttpClient { BaseAddress = server.Address };
        var row = ServingProcess.IrisRows[3];

        var first = await JsonAsync(http, [row]);
        await WaitAsync(async () => await redis.KeyCountAsync() == 1, "the miss is stored");
        var ttl = long.Parse((await redis.CommandAsync($"PTTL {await redis.CommandAsync("RANDOMKEY")}")).TrimStart(':'), CultureInfo.InvariantCulture);
        ttl.ShouldBeInRange(1, 1000);
        (await JsonAsync(http, [row])).ShouldBe(first);
        (await Lookups(server)).ShouldBe((1, 1, 0));

        await WaitAsync(async () => await redis.KeyCountAsync() == 0, "the entry expires");
        (await JsonAsync(http, [row])).ShouldBe(first);
        (await Lookups(server)).ShouldBe((1, 2, 0));
    }

    [Fact]
    public async Task Redis_killed_mid_traffic_fails_no_request_and_the_cache_hits_again_once_it_is_back()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var server = await ServingProcess.StartAsync("iris-v2", "iris", "2", ["--cache-redis", redis.Endpoint]);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        using var stop = new CancellationTokenSource();
        var traffic = Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var row = ServingProcess.IrisRows[(client * 5) + (i % 5)];
                using var response = await http.PostAsJsonAsync("v2/models/iris/infer", Body([row]));
                statuses.Add(response.StatusCode);
            }
        })).ToArray();

        await WaitAsync(async () => (await Lookups(server)).Hits > 20, "hits while Redis is up");
        await redis.StopAsync();
        await WaitAsync(async () => (await Lookups(server)).Errors > 20, "lookups fail over to the model while Redis is down");
        var down = await Lookups(server);

        await redis.StartAgainAsync();
        await WaitAsync(async () => (await Lookups(server)).Hits > down.Hits + 20, "hits again after Redis is back");
        await stop.CancelAsync();
        await Task.WhenAll(traffic);

        statuses.Count.ShouldBeGreaterThan(60);
        statuses.ShouldAllBe(s => s == HttpStatusCode.OK, "Redis going away never fails a request");
        var samples = PrometheusText.Parse(await server.MetricsAsync());
        samples.Where(s => s.Name == "model_inference_requests_total" && s.Labels["code"] != "200").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("--cache-redis", "redis", "expected host:port")]
    [InlineData("--cache-redis", "redis:0", "expected host:port")]
    [InlineData("--cache-ttl", "5", "expected a duration")]
    [InlineData("--cache-timeout", "1h", "--cache-timeout")]
    [InlineData("--cache-timeout", "1ms", "--cache-timeout")]
    public void Bad_cache_options_are_refused_naming_the_switch(string flag, string value, string expected)
    {
        string[] args = flag is "--cache-ttl" or "--cache-timeout" ? ["--cache-redis", "127.0.0.1:6379", flag, value] : [flag, value];
        var errors = new StringWriter();
        ServingHost.Build(AuthHelpers.BuildArgs(args), errors).ShouldBeNull();
        errors.ToString().ShouldContain(flag);
        errors.ToString().ShouldContain(expected);
    }

    [Fact]
    public void A_timeout_without_a_redis_is_refused()
    {
        var errors = new StringWriter();
        ServingHost.Build(AuthHelpers.BuildArgs("--cache-timeout", "1s"), errors).ShouldBeNull();
        errors.ToString().ShouldContain("--cache-timeout (SERVING_CACHE_TIMEOUT) needs --cache-redis");
    }

    [Fact]
    public void A_ttl_without_a_redis_is_refused()
    {
        var errors = new StringWriter();
        ServingHost.Build(AuthHelpers.BuildArgs("--cache-ttl", "30s"), errors).ShouldBeNull();
        errors.ToString().ShouldContain("--cache-ttl (SERVING_CACHE_TTL) needs --cache-redis");
    }

    private static object Body(float[][] rows) =>
        new { inputs = new[] { new { name = "input", datatype = "FP32", shape = new[] { rows.Length, 4 }, data = rows.SelectMany(r => r).ToArray() } } };

    private static async Task<Prediction> JsonAsync(HttpClient http, float[][] rows)
    {
        using var response = await http.PostAsJsonAsync("v2/models/iris/infer", Body(rows));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return Answer(JsonNode.Parse(text)!);
    }

    private static Prediction Answer(JsonNode body)
    {
        var outputs = body["outputs"]!.AsArray();
        JsonNode Output(string name) => outputs.Single(o => o!["name"]!.GetValue<string>() == name)!;
        return new Prediction(
            [.. Output("label")["data"]!.AsArray().Select(v => v!.GetValue<long>())],
            string.Join(",", Output("probabilities")["data"]!.AsArray().Select(v => v!.GetValue<float>().ToString("R", CultureInfo.InvariantCulture))),
            string.Join(",", Output("probabilities")["shape"]!.AsArray().Select(v => v!.GetValue<long>())));
    }

    private static async Task<(double Hits, double Misses, double Errors)> Lookups(ServingProcess server)
    {
        var samples = PrometheusText.Parse(await server.MetricsAsync());
        double Value(string result) => samples.Where(s => s.Name == "model_inference_cache_requests_total" && s.Labels["result"] == result).Sum(s => s.Value);
        return (Value("hit"), Value("miss"), Value("error"));
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what) => await AuthHelpers.WaitUntilAsync(condition, what);

    /// <summary>What the tests compare: labels, probabilities as round-trip text, the probabilities' shape.</summary>
    private sealed record Prediction(long[] Label, string Probabilities, string Shape)
    {
        public bool Equals(Prediction? other) =>
            other is not null && Label.SequenceEqual(other.Label) && Probabilities == other.Probabilities && Shape == other.Shape;

        public override int GetHashCode() => HashCode.Combine(Probabilities, Shape);
    }
}
