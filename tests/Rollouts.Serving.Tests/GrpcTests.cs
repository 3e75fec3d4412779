using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// The gRPC Open Inference Protocol on the real serving process with Grpc.Net.Client: every RPC, typed and raw contents
/// answering what REST answers, each status code path followed by a good call, and batching of concurrent calls.
/// </summary>
public sealed class GrpcTests(GrpcServingFixture fixture) : IClassFixture<GrpcServingFixture>
{
    private GRPCInferenceService.GRPCInferenceServiceClient Client => fixture.Client;

    [Fact]
    public async Task Health_and_metadata_rpcs_answer_as_rest_does()
    {
        (await Client.ServerLiveAsync(new ServerLiveRequest())).Live.ShouldBeTrue();
        (await Client.ServerReadyAsync(new ServerReadyRequest())).Ready.ShouldBeTrue();
        (await Client.ModelReadyAsync(new ModelReadyRequest { Name = "iris" })).Ready.ShouldBeTrue();
        (await Client.ModelReadyAsync(new ModelReadyRequest { Name = "iris", Version = "2" })).Ready.ShouldBeTrue();

        var server = await Client.ServerMetadataAsync(new ServerMetadataRequest());
        using var http = new HttpClient { BaseAddress = fixture.Process.Address };
        var rest = (await http.GetFromJsonAsync<JsonNode>("v2"))!;
        server.Name.ShouldBe(rest["name"]!.GetValue<string>());
        server.Version.ShouldBe(rest["version"]!.GetValue<string>());
        server.Extensions.ShouldBe(rest["extensions"]!.AsArray().Select(e => e!.GetValue<string>()));

        var model = await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "iris" });
        model.Name.ShouldBe("iris");
        model.Versions.ShouldBe(["2"]);
        model.Platform.ShouldBe("onnxruntime_onnx");
        model.Inputs.Single().Name.ShouldBe("input");
        model.Inputs.Single().Datatype.ShouldBe("FP32");
        model.Inputs.Single().Shape.ShouldBe([-1L, 4L]);
        model.Outputs.Select(o => (o.Name, o.Datatype)).ShouldBe([("label", "INT64"), ("probabilities", "FP32")]);
    }

    [Fact]
    public async Task Typed_infer_answers_what_rest_answers_for_every_iris_row()
    {
        using var http = new HttpClient { BaseAddress = fixture.Process.Address };
        foreach (var row in ServingProcess.IrisRows.Take(30))
        {
            var rest = await RestAsync(http, row);
            var response = await Client.ModelInferAsync(GrpcServingFixture.IrisRequest(row));
            response.ModelName.ShouldBe("iris");
            response.ModelVersion.ShouldBe("2");
            response.Id.ShouldBe("c#");
            response.RawOutputContents.ShouldBeEmpty();
            var label = response.Outputs.Single(o => o.Name == "label");
            label.Datatype.ShouldBe("INT64");
            label.Shape.ShouldBe([1L]);
            label.Contents.Int64Contents.ShouldBe(rest.Label);
            var probabilities = response.Outputs.Single(o => o.Name == "probabilities");
            probabilities.Shape.ShouldBe([1L, 3L]);
            probabilities.Contents.Fp32Contents.ShouldBe(rest.Probabilities);
        }
    }

    [Fact]
    public async Task Raw_contents_in_give_raw_contents_out_equal_to_the_typed_answer()
    {
        float[][] rows = [.. ServingProcess.IrisRows.Take(5)];
        var typed = await Client.ModelInferAsync(GrpcServingFixture.IrisRequest(rows));

        var request = new ModelInferRequest { ModelName = "iris", ModelVersion = "2" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32" };
        input.Shape.AddRange([rows.Length, 4]);
        request.Inputs.Add(input);
        request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(rows.SelectMany(r => r).ToArray().AsSpan())));
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probabilities" });
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "label" });

        var raw = await Client.ModelInferAsync(request);
        raw.Outputs.Select(o => o.Name).ShouldBe(["probabilities", "label"]);
        raw.Outputs.ShouldAllBe(o => o.Contents == null);
        raw.RawOutputContents.Count.ShouldBe(2);
        raw.Outputs[0].Shape.ShouldBe([5L, 3L]);
        MemoryMarshal.Cast<byte, float>(raw.RawOutputContents[0].Span).ToArray()
            .ShouldBe(typed.Outputs.Single(o => o.Name == "probabilities").Contents.Fp32Contents);
        MemoryMarshal.Cast<byte, long>(raw.RawOutputContents[1].Span).ToArray()
            .ShouldBe(typed.Outputs.Single(o => o.Name == "label").Contents.Int64Contents);
    }

    public static TheoryData<string, StatusCode, string> BadRequests() => new()
    {
        { "shape", StatusCode.InvalidArgument, "unexpected shape for input 'input': expected [-1,4], got [1,3]" },
        { "datatype", StatusCode.InvalidArgument, "wrong datatype for input 'input': expected FP32, got INT64" },
        { "unknown-datatype", StatusCode.InvalidArgument, "unknown datatype 'FLOAT32' for input 'input'" },
        { "count", StatusCode.InvalidArgument, "input 'input' has 3 values in contents.fp32_contents but shape [1,4] needs 4" },
        { "wrong-field", StatusCode.InvalidArgument, "input 'input' is FP32, whose values go in contents.fp32_contents, but they came in contents.fp64_contents" },
        { "negative-dim", StatusCode.InvalidArgument, "shape of input 'input' must hold non-negative dims" },
        { "raw-size", StatusCode.InvalidArgument, "input 'input' has 12 bytes of raw data but shape [1,4] of FP32 needs 16 bytes" },
        { "raw-and-typed", StatusCode.InvalidArgument, "has values in contents.fp32_contents and the request has raw_input_contents" },
        { "raw-count", StatusCode.InvalidArgument, "raw_input_contents has 2 entries but the request has 1 inputs" },
        { "unknown-input", StatusCode.InvalidArgument, "unknown input 'features'" },
        { "unknown-output", StatusCode.InvalidArgument, "unknown output 'score'" },
        { "batch", StatusCode.InvalidArgument, "batch size 65 of input 'input' is over the limit of 64 rows (--max-batch-size)" },
        { "model", StatusCode.NotFound, "unknown model 'no-such-model': this server serves 'iris'" },
        { "version", StatusCode.NotFound, "unknown version '7' of model 'iris': this server serves version '2'" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_call_gets_its_status_and_a_message_and_the_next_good_call_succeeds(string kind, StatusCode code, string message)
    {
        var row = ServingProcess.IrisRows[0];
        var request = GrpcServingFixture.IrisRequest(row);
        var input = request.Inputs[0];
        switch (kind)
        {
            case "shape": input.Shape[1] = 3; input.Contents.Fp32Contents.RemoveAt(3); break;
            case "datatype": input.Datatype = "INT64"; input.Contents = new InferTensorContents { Int64Contents = { 1, 2, 3, 4 } }; break;
            case "unknown-datatype": input.Datatype = "FLOAT32"; break;
            case "count": input.Contents.Fp32Contents.RemoveAt(3); break;
            case "wrong-field": input.Contents = new InferTensorContents { Fp64Contents = { 1, 2, 3, 4 } }; break;
            case "negative-dim": input.Shape[0] = -1; break;
            case "raw-size": input.Contents = null; request.RawInputContents.Add(ByteString.CopyFrom(new byte[12])); break;
            case "raw-and-typed": request.RawInputContents.Add(ByteString.CopyFrom(new byte[16])); break;
            case "raw-count": input.Contents = null; request.RawInputContents.Add(ByteString.CopyFrom(new byte[16])); request.RawInputContents.Add(ByteString.CopyFrom(new byte[16])); break;
            case "unknown-input": input.Name = "features"; break;
            case "unknown-output": request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "score" }); break;
            case "batch": request = GrpcServingFixture.IrisRequest([.. Enumerable.Repeat(row, 65)]); break;
            case "model": request.ModelName = "no-such-model"; break;
            case "version": request.ModelVersion = "7"; break;
        }

        var error = await Should.ThrowAsync<RpcException>(async () => await Client.ModelInferAsync(request));
        error.StatusCode.ShouldBe(code);
        error.Status.Detail.ShouldContain(message);

        var good = await Client.ModelInferAsync(GrpcServingFixture.IrisRequest(row));
        good.Outputs.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Metadata_rpcs_for_another_model_or_version_are_not_found()
    {
        (await Should.ThrowAsync<RpcException>(async () => await Client.ModelReadyAsync(new ModelReadyRequest { Name = "other" }))).StatusCode.ShouldBe(StatusCode.NotFound);
        (await Should.ThrowAsync<RpcException>(async () => await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "iris", Version = "1" }))).StatusCode.ShouldBe(StatusCode.NotFound);
        (await Client.ModelReadyAsync(new ModelReadyRequest { Name = "iris" })).Ready.ShouldBeTrue();
    }

    [Fact]
    public async Task Concurrent_calls_merge_into_batches_and_count_in_the_rest_metrics()
    {
        var before = Samples(await fixture.Process.MetricsAsync());
        var rows = ServingProcess.IrisRows;
        var merged = false;
        for (var attempt = 0; attempt < 10 && !merged; attempt++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 48).Select(i => Client.ModelInferAsync(GrpcServingFixture.IrisRequest(rows[i])).ResponseAsync));
            responses.ShouldAllBe(r => r.Outputs.Single(o => o.Name == "probabilities").Shape.SequenceEqual(new long[] { 1, 3 }));
            var after = Samples(await fixture.Process.MetricsAsync());
            merged = Delta(before, after, "model_inference_batch_size_bucket", "+Inf") > Delta(before, after, "model_inference_batch_size_bucket", "1");
        }

        merged.ShouldBeTrue("48 concurrent gRPC calls never shared a Run (model_inference_batch_size stayed at 1)");
        var final = Samples(await fixture.Process.MetricsAsync());
        Value(final, "model_inference_requests_total", "code", "200").ShouldBeGreaterThan(Value(before, "model_inference_requests_total", "code", "200") + 47);
    }

    private static async Task<(long[] Label, float[] Probabilities)> RestAsync(HttpClient http, float[] row)
    {
        using var response = await http.PostAsJsonAsync("v2/models/iris/infer", new { inputs = new[] { new { name = "input", datatype = "FP32", shape = new[] { 1, 4 }, data = row } } });
        var body = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        var outputs = body["outputs"]!.AsArray();
        var label = outputs.Single(o => o!["name"]!.GetValue<string>() == "label")!["data"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray();
        var probabilities = outputs.Single(o => o!["name"]!.GetValue<string>() == "probabilities")!["data"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        return (label, probabilities);
    }

    private static IReadOnlyList<PrometheusText.Sample> Samples(string text) => PrometheusText.Parse(text);

    private static double Value(IReadOnlyList<PrometheusText.Sample> samples, string name, string label, string value) =>
        samples.Where(s => s.Name == name && s.Labels.TryGetValue(label, out var v) && v == value).Sum(s => s.Value);

    private static double Delta(IReadOnlyList<PrometheusText.Sample> before, IReadOnlyList<PrometheusText.Sample> after, string name, string le) =>
        Value(after, name, "le", le) - Value(before, name, "le", le);
}
