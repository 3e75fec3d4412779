using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Net.Client;
using Rollouts.Serving.Feedback;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// Prediction ids on every successful answer of the real server with the real iris-v2 model: REST JSON, binary tensor and
/// gRPC carry one that decodes to this server's revision and the labels the response gave its own rows (merged Runs
/// included); two equal predictions get two ids, a cache hit included; the encoding round-trips and refuses garbling.
/// </summary>
public sealed class PredictionIdTests
{
    [Fact]
    public void An_id_round_trips_integer_and_string_labels_and_64_rows_fit_in_200_characters()
    {
        var integers = new PredictionId("7d9f8c6b5", 1_796_000_000, 0xABCDEF012345, new PredictedLabels(3, [0, 2, -5], null));
        var text = integers.Encode()!;
        var back = PredictionId.TryDecode(text, out var error).ShouldNotBeNull(error);
        back.Revision.ShouldBe("7d9f8c6b5");
        back.IssuedAtUnixSeconds.ShouldBe(1_796_000_000u);
        back.Nonce.ShouldBe(0xABCDEF012345);
        back.Labels.Integers.ShouldBe([0L, 2L, -5L]);
        text.ShouldMatch("^[A-Za-z0-9_-]+$");

        var strings = new PredictionId("", 1, 2, new PredictedLabels(2, null, ["setosa", "virginïca"])).Encode()!;
        PredictionId.TryDecode(strings, out _)!.Labels.Strings.ShouldBe(["setosa", "virginïca"]);

        var batch = new PredictionId("7d9f8c6b5", 1_796_000_000, 1, new PredictedLabels(64, [.. Enumerable.Range(0, 64).Select(i => (long)(i % 3))], null)).Encode()!;
        batch.Length.ShouldBeLessThanOrEqualTo(PredictionId.MaxChars);
        new PredictionId("r", 1, 2, new PredictedLabels(65, new long[65], null)).Encode().ShouldBeNull("over 64 rows: no id");
    }

    [Fact]
    public void A_garbled_or_foreign_id_is_refused_with_a_message()
    {
        var text = new PredictionId("rev", 1_796_000_000, 42, new PredictedLabels(1, [1], null)).Encode()!;
        var flipped = text[..5] + (text[5] == 'A' ? 'B' : 'A') + text[6..];
        PredictionId.TryDecode(flipped, out var error).ShouldBeNull();
        error!.ShouldContain("check");
        PredictionId.TryDecode(text[..^2], out error).ShouldBeNull();
        error.ShouldNotBeNull();
        PredictionId.TryDecode("not an id!", out error).ShouldBeNull();
        error!.ShouldContain("base64url");
        PredictionId.TryDecode("", out _).ShouldBeNull();
    }

    [Fact]
    public async Task Json_and_binary_answers_carry_an_id_with_this_revision_and_the_rows_labels_and_equal_requests_get_two_ids()
    {
        await using var server = await ServingServer.StartAsync(TestModels.Sample("iris-v2"), "--model-revision", "abc123");
        var rows = new[] { ServingProcess.IrisRows[0], ServingProcess.IrisRows[60], ServingProcess.IrisRows[120] };
        var (status, body) = await server.InferJsonAsync(JsonRequest(rows));
        status.ShouldBe(HttpStatusCode.OK);
        var id = Decode(body!);
        id.Revision.ShouldBe("abc123");
        id.Labels.Integers.ShouldBe(Labels(body!));
        id.Labels.Integers.ShouldBe([0L, 1L, 2L]);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        ((long)id.IssuedAtUnixSeconds).ShouldBeInRange(now - 120, now + 1);

        var (_, again) = await server.InferJsonAsync(JsonRequest(rows));
        Id(again!).ShouldNotBe(Id(body!), "two predictions, two ids");

        var header = """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}],"parameters":{"binary_data_output":true}}""";
        var content = new ByteArrayContent([.. Encoding.UTF8.GetBytes(header), .. MemoryMarshal.AsBytes(rows[2].AsSpan())]);
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));
        using var binary = await server.Client.PostAsync("/v2/models/m/infer", content);
        binary.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bytes = await binary.Content.ReadAsByteArrayAsync();
        var jsonLength = int.Parse(binary.Headers.GetValues("Inference-Header-Content-Length").Single(), CultureInfo.InvariantCulture);
        var binaryId = Decode(JsonNode.Parse(bytes.AsSpan(0, jsonLength))!);
        binaryId.Labels.Integers.ShouldBe([2L]);
        binaryId.Revision.ShouldBe("abc123");
    }

    [Fact]
    public async Task Merged_requests_each_get_the_labels_of_their_own_rows()
    {
        await using var server = await ServingServer.StartAsync(TestModels.Sample("iris-v2"), "--max-batch-delay-us", "20000");
        var picks = Enumerable.Range(0, 24).Select(i => ServingProcess.IrisRows[(i * 37) % 150]).ToArray();
        var answers = await Task.WhenAll(picks.Select((row, i) => server.InferJsonAsync(JsonRequest(i % 2 == 0 ? [row] : [row, picks[(i + 5) % picks.Length]]))));
        foreach (var (status, body) in answers)
        {
            status.ShouldBe(HttpStatusCode.OK);
            var id = Decode(body!);
            id.Revision.ShouldBe("", "no --model-revision");
            id.Labels.Integers.ShouldBe(Labels(body!));
        }

        answers.Select(a => Id(a.Body!)).Distinct().Count().ShouldBe(answers.Length);
    }

    [Fact]
    public async Task Grpc_answers_carry_the_id_in_parameters_and_a_cache_hit_gets_an_id_of_its_own()
    {
        await using var redis = await RedisServer.StartAsync();
        var grpcPort = ServingProcess.FreePort();
        await using var server = await ServingProcess.StartAsync("iris-v2", "iris", "2",
            ["--cache-redis", redis.Endpoint, "--grpc-port", grpcPort.ToString(CultureInfo.InvariantCulture), "--model-revision", "r-grpc"]);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var row = ServingProcess.IrisRows[100];
        var request = GrpcServingFixture.IrisRequest(row);
        var first = await client.ModelInferAsync(request);
        await AuthHelpers.WaitUntilAsync(async () => await redis.KeyCountAsync() == 1, "the miss is stored");
        var second = await client.ModelInferAsync(request);

        var ids = new[] { first, second }.Select(r => r.Parameters[PredictionIds.ParameterName].StringParam).ToArray();
        ids[0].ShouldNotBe(ids[1], "the cached answer is not handed the first request's id");
        foreach (var text in ids)
        {
            var id = PredictionId.TryDecode(text, out var error).ShouldNotBeNull(error);
            id.Revision.ShouldBe("r-grpc");
            id.Labels.Integers.ShouldBe(first.Outputs.Single(o => o.Name == "label").Contents.Int64Contents.ToArray());
        }

        var samples = PrometheusText.Parse(await server.MetricsAsync());
        samples.Where(s => s.Name == "model_inference_cache_requests_total" && s.Labels["result"] == "hit").Sum(s => s.Value).ShouldBe(1);
    }

    internal static string JsonRequest(IReadOnlyList<float[]> rows)
    {
        var data = string.Join(",", rows.SelectMany(r => r).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        return $$"""{"inputs":[{"name":"input","datatype":"FP32","shape":[{{rows.Count}},4],"data":[{{data}}]}]}""";
    }

    internal static string Id(JsonNode body) => body["parameters"]!["prediction_id"]!.GetValue<string>();

    internal static long[] Labels(JsonNode body) =>
        [.. body["outputs"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "label")!["data"]!.AsArray().Select(v => v!.GetValue<long>())];

    private static PredictionId Decode(JsonNode body) => PredictionId.TryDecode(Id(body), out var error).ShouldNotBeNull(error);
}
