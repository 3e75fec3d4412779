using System.Net;
using System.Text.Json.Nodes;

namespace Rollouts.Serving.Tests;

/// <summary>Open Inference Protocol conformance of every endpoint, against the real iris-v2 model.</summary>
public sealed class ProtocolTests : IAsyncLifetime
{
    private const string Setosa = "[5.1,3.5,1.4,0.2]";
    private const string Virginica = "[6.7,3.0,5.2,2.3]";
    private ServingServer server = null!;

    public async Task InitializeAsync() => server = await ServingServer.StartAsync(TestModels.Sample("iris-v2"), "--max-batch-size", "256");

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Server_metadata_names_the_server_its_version_and_extensions()
    {
        var (status, body) = await server.GetJsonAsync("/v2");
        status.ShouldBe(HttpStatusCode.OK);
        body!["name"]!.GetValue<string>().ShouldBe("rollouts-serving");
        body["version"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        body["extensions"].ShouldBeOfType<JsonArray>();
    }

    [Fact]
    public async Task Health_live_and_ready_answer_200_once_loaded()
    {
        (await server.Client.GetAsync("/v2/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var (status, body) = await server.GetJsonAsync("/v2/health/ready");
        status.ShouldBe(HttpStatusCode.OK);
        body!["ready"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData("/v2/models/m")]
    [InlineData("/v2/models/m/versions/1")]
    public async Task Model_metadata_gives_platform_and_tensor_signature(string path)
    {
        var (status, body) = await server.GetJsonAsync(path);
        status.ShouldBe(HttpStatusCode.OK);
        body!["name"]!.GetValue<string>().ShouldBe("m");
        body["versions"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["1"]);
        body["platform"]!.GetValue<string>().ShouldBe("onnxruntime_onnx");
        var input = body["inputs"]!.AsArray().Single()!;
        input["name"]!.GetValue<string>().ShouldBe("input");
        input["datatype"]!.GetValue<string>().ShouldBe("FP32");
        input["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ShouldBe([-1L, 4L]);
        var outputs = body["outputs"]!.AsArray();
        outputs.Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["label", "probabilities"]);
        outputs.Select(o => o!["datatype"]!.GetValue<string>()).ShouldBe(["INT64", "FP32"]);
        outputs[1]!["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ShouldBe([-1L, 3L]);
    }

    [Theory]
    [InlineData("/v2/models/m/ready")]
    [InlineData("/v2/models/m/versions/1/ready")]
    public async Task Model_ready_answers_200(string path)
    {
        var (status, body) = await server.GetJsonAsync(path);
        status.ShouldBe(HttpStatusCode.OK);
        body!["ready"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData("/v2/models/other")]
    [InlineData("/v2/models/m/versions/2")]
    [InlineData("/v2/models/other/ready")]
    [InlineData("/v2/models/m/versions/2/ready")]
    public async Task Unknown_model_or_version_is_404_with_an_error_body(string path)
    {
        var (status, body) = await server.GetJsonAsync(path);
        status.ShouldBe(HttpStatusCode.NotFound);
        body!["error"]!.GetValue<string>().ShouldContain("unknown");
    }

    [Theory]
    [InlineData("/v2/models/m/infer")]
    [InlineData("/v2/models/m/versions/1/infer")]
    public async Task Infer_returns_every_output_with_shape_datatype_and_the_id(string path)
    {
        var (status, body) = await server.InferJsonAsync(
            $$"""{"id":"req-7","parameters":{"x":1},"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","parameters":{},"data":[{{Setosa}},{{Virginica}}]}]}""", path);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["model_name"]!.GetValue<string>().ShouldBe("m");
        body["model_version"]!.GetValue<string>().ShouldBe("1");
        body["id"]!.GetValue<string>().ShouldBe("req-7");
        var outputs = body["outputs"]!.AsArray();
        outputs.Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["label", "probabilities"]);
        var label = outputs[0]!;
        label["datatype"]!.GetValue<string>().ShouldBe("INT64");
        label["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ShouldBe([2L]);
        label["data"]!.AsArray().Select(d => d!.GetValue<long>()).ShouldBe([0L, 2L]);
        var probabilities = outputs[1]!;
        probabilities["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ShouldBe([2L, 3L]);
        var p = probabilities["data"]!.AsArray().Select(d => d!.GetValue<double>()).ToArray();
        p.Length.ShouldBe(6);
        (p[0] + p[1] + p[2]).ShouldBe(1.0, 1e-4);
        (p[3] + p[4] + p[5]).ShouldBe(1.0, 1e-4);
    }

    [Fact]
    public async Task Flat_and_nested_data_give_the_same_answer_and_property_order_does_not_matter()
    {
        var nested = await server.InferJsonAsync($$"""{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[{{Setosa}},{{Virginica}}]}]}""");
        var flat = await server.InferJsonAsync("""{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2,6.7,3.0,5.2,2.3]}]}""");
        var reordered = await server.InferJsonAsync("""{"inputs":[{"data":[5.1,3.5,1.4,0.2,6.7,3.0,5.2,2.3],"shape":[2,4],"datatype":"FP32","name":"input"}]}""");
        nested.Status.ShouldBe(HttpStatusCode.OK);
        flat.Body!["outputs"]!.ToJsonString().ShouldBe(nested.Body!["outputs"]!.ToJsonString());
        reordered.Body!["outputs"]!.ToJsonString().ShouldBe(nested.Body!["outputs"]!.ToJsonString());
    }

    [Fact]
    public async Task Requested_outputs_are_returned_alone_in_the_order_asked()
    {
        var (status, body) = await server.InferJsonAsync(
            $$"""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":{{Setosa}}}],"outputs":[{"name":"probabilities"},{"name":"label","parameters":{"binary_data":false} }]}""");
        status.ShouldBe(HttpStatusCode.OK);
        body!["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["probabilities", "label"]);
        body["id"].ShouldBeNull();
    }

    [Fact]
    public async Task Infer_answers_match_the_model_on_every_iris_row()
    {
        var rows = IrisData.Rows();
        var data = string.Join(',', rows.Select(r => "[" + string.Join(',', r.Features) + "]"));
        var (status, body) = await server.InferJsonAsync($$"""{"inputs":[{"name":"input","shape":[{{rows.Count}},4],"datatype":"FP32","data":[{{data}}]}]}""", "/v2/models/m/infer");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        var labels = body!["outputs"]![0]!["data"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
        var accuracy = labels.Zip(rows).Count(x => x.First == x.Second.Label) / (double)rows.Count;
        accuracy.ShouldBeGreaterThan(0.8, "iris-v2 should classify most of Fisher's rows");
    }
}
