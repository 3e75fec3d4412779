using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Rollouts.ModelBuilder.Onnx;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// The REST binary tensor extension (Inference-Header-Content-Length, binary_data_size, binary_data_output) on a real
/// server: binary inputs and outputs beside JSON ones, FP32, INT64 and BYTES, answers equal to the JSON protocol's,
/// and truncated or disagreeing sizes refused with 400 naming the input, the server serving on after each.
/// </summary>
public sealed class BinaryTensorTests : IClassFixture<BinaryTensorTests.IrisProcess>
{
    private readonly IrisProcess iris;

    public BinaryTensorTests(IrisProcess iris) => this.iris = iris;

    [Fact]
    public async Task Binary_input_and_binary_outputs_answer_what_json_answers()
    {
        float[][] rows = [.. ServingProcess.IrisRows.Skip(48).Take(3)];
        var json = await JsonInferAsync(iris.Http, "v2/models/iris/infer", rows);

        var header = """{"inputs":[{"name":"input","datatype":"FP32","shape":[3,4],"parameters":{"binary_data_size":48}}],"parameters":{"binary_data_output":true}}""";
        using var response = await PostBinaryAsync(iris.Http, "v2/models/iris/infer", header, Floats(rows.SelectMany(r => r)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/octet-stream");
        var (meta, binary) = await SplitAsync(response);
        var outputs = meta["outputs"]!.AsArray();
        Output(outputs, "label")["parameters"]!["binary_data_size"]!.GetValue<int>().ShouldBe(24);
        Output(outputs, "label")["data"].ShouldBeNull();
        Output(outputs, "probabilities")["parameters"]!["binary_data_size"]!.GetValue<int>().ShouldBe(36);
        Output(outputs, "probabilities")["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ShouldBe([3L, 3L]);
        binary.Length.ShouldBe(60);
        MemoryMarshal.Cast<byte, long>(binary.AsSpan(0, 24)).ToArray().ShouldBe(json.Label);
        MemoryMarshal.Cast<byte, float>(binary.AsSpan(24, 36)).ToArray().ShouldBe(json.Probabilities);
    }

    [Fact]
    public async Task One_output_binary_the_other_json_as_each_outputs_binary_data_says()
    {
        float[][] rows = [ServingProcess.IrisRows[120]];
        var json = await JsonInferAsync(iris.Http, "v2/models/iris/infer", rows);
        var header = """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}],"outputs":[{"name":"probabilities","parameters":{"binary_data":false}},{"name":"label","parameters":{"binary_data":true}}]}""";
        using var response = await PostBinaryAsync(iris.Http, "v2/models/iris/infer", header, Floats(rows[0]));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (meta, binary) = await SplitAsync(response);
        var outputs = meta["outputs"]!.AsArray();
        outputs.Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["probabilities", "label"]);
        Output(outputs, "probabilities")["data"]!.AsArray().Select(v => v!.GetValue<float>()).ShouldBe(json.Probabilities);
        Output(outputs, "label")["parameters"]!["binary_data_size"]!.GetValue<int>().ShouldBe(8);
        MemoryMarshal.Cast<byte, long>(binary).ToArray().ShouldBe(json.Label);
    }

    [Fact]
    public async Task Json_request_asking_for_binary_output_and_binary_request_answered_in_json()
    {
        float[][] rows = [ServingProcess.IrisRows[7]];
        var json = await JsonInferAsync(iris.Http, "v2/models/iris/infer", rows);

        // All-JSON request, binary answer.
        var body = """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[""" + string.Join(',', rows[0].Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + """]}],"outputs":[{"name":"label","parameters":{"binary_data":true}}]}""";
        using var binaryAnswer = await iris.Http.PostAsync("v2/models/iris/infer", new StringContent(body, Encoding.UTF8, "application/json"));
        var (_, labelBytes) = await SplitAsync(binaryAnswer);
        MemoryMarshal.Cast<byte, long>(labelBytes).ToArray().ShouldBe(json.Label);

        // Binary request without binary outputs: a plain JSON answer.
        var header = """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}]}""";
        using var jsonAnswer = await PostBinaryAsync(iris.Http, "v2/models/iris/infer", header, Floats(rows[0]));
        jsonAnswer.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        jsonAnswer.Headers.Contains("Inference-Header-Content-Length").ShouldBeFalse();
        var answer = JsonNode.Parse(await jsonAnswer.Content.ReadAsStringAsync())!;
        Output(answer["outputs"]!.AsArray(), "probabilities")["data"]!.AsArray().Select(v => v!.GetValue<float>()).ShouldBe(json.Probabilities);
    }

    public static TheoryData<string, string, int?, string> BadBodies() => new()
    {
        // kind, JSON header, binary bytes to send (null: 16), expected message fragment
        { "truncated", """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}]}""", 10, "input 'input' has binary_data_size 16 but only 10 bytes of binary data remain" },
        { "size-vs-shape", """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":12}}]}""", 12, "input 'input' has 12 bytes of raw data but shape [1,4] of FP32 needs 16 bytes" },
        { "trailing", """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}]}""", 20, "the binary data after the JSON header has 20 bytes but the inputs' binary_data_size add up to 16" },
        { "negative-size", """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":-4}}]}""", null, "parameters.binary_data_size of input 'input' must be a non-negative integer" },
        { "data-and-binary", """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[1,2,3,4],"parameters":{"binary_data_size":16}}]}""", null, "input 'input' has both 'data' and parameters.binary_data_size" },
        { "header-beyond-body", "", null, "Inference-Header-Content-Length is 100000 but the body has" },
        { "header-not-a-number", "", null, "the Inference-Header-Content-Length header must be one non-negative integer" },
        { "size-without-header", """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}]}""", null, "has parameters.binary_data_size but the request has no Inference-Header-Content-Length header" },
        { "binary-output-not-bool", """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}],"parameters":{"binary_data_output":"yes"}}""", null, "parameters.binary_data_output must be true or false" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Malformed_binary_bodies_are_400_naming_the_problem_and_the_server_serves_on(string kind, string header, int? binaryBytes, string message)
    {
        var good = """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}]}""";
        var binary = Floats(Enumerable.Range(0, ((binaryBytes ?? 16) + 3) / 4).Select(i => (float)i)).AsSpan(0, binaryBytes ?? 16).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/models/iris/infer");
        var jsonBytes = Encoding.UTF8.GetBytes(header.Length == 0 ? good : header);
        request.Content = new ByteArrayContent([.. jsonBytes, .. binary]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var length = kind switch { "header-beyond-body" => "100000", "header-not-a-number" => "12a", _ => jsonBytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (kind != "size-without-header")
        {
            request.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", length);
        }
        else
        {
            request.Content = new StringContent(header, Encoding.UTF8, "application/json");
        }

        using var response = await iris.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>().ShouldContain(message);

        using var after = await PostBinaryAsync(iris.Http, "v2/models/iris/infer", good, Floats(ServingProcess.IrisRows[0]));
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Mixed_binary_and_json_inputs_and_bytes_tensors_round_trip()
    {
        var model = Path.Combine(Directory.CreateTempSubdirectory("binary-tensor-").FullName, "mixed.onnx");
        await File.WriteAllBytesAsync(model, new OnnxGraphBuilder("mixed")
            .AddInput("f", OnnxDataType.Float, -1, 2)
            .AddInput("i", OnnxDataType.Int64, -1, 2)
            .AddInput("s", OnnxDataType.String, -1, 2)
            .AddOutput("f_out", OnnxDataType.Float, -1, 2)
            .AddOutput("i_out", OnnxDataType.Int64, -1, 2)
            .AddOutput("s_out", OnnxDataType.String, -1, 2)
            .AddNode("Identity", ["f"], ["f_out"])
            .AddNode("Identity", ["i"], ["i_out"])
            .AddNode("Identity", ["s"], ["s_out"])
            .ToModelBytes());
        await using var server = await ServingServer.StartAsync(model);
        string[] strings = ["a", "h\u00e9llo", "", "\u65e5\u672c"];
        var stringBytes = Strings(strings);
        var floats = Floats([1.5f, -2f, float.NaN, float.PositiveInfinity]);
        var header = $$$"""{"inputs":[{"name":"f","datatype":"FP32","shape":[2,2],"parameters":{"binary_data_size":16}},{"name":"i","datatype":"INT64","shape":[2,2],"data":[1,-2,9007199254740993,-9223372036854775808]},{"name":"s","datatype":"BYTES","shape":[2,2],"parameters":{"binary_data_size":{{{stringBytes.Length}}}}}],"outputs":[{"name":"s_out"},{"name":"i_out"},{"name":"f_out","parameters":{"binary_data":false}}],"parameters":{"binary_data_output":true}}""";

        using var response = await PostBinaryAsync(server.Client, "/v2/models/m/infer", header, [.. floats, .. stringBytes]);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var (meta, binary) = await SplitAsync(response);
        var outputs = meta["outputs"]!.AsArray();
        outputs.Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["s_out", "i_out", "f_out"]);
        Output(outputs, "s_out")["parameters"]!["binary_data_size"]!.GetValue<int>().ShouldBe(stringBytes.Length);
        Output(outputs, "i_out")["parameters"]!["binary_data_size"]!.GetValue<int>().ShouldBe(32);
        Output(outputs, "f_out")["data"]!.ToJsonString().ShouldBe("""[1.5,-2,"NaN","Infinity"]""");
        binary.AsSpan(0, stringBytes.Length).ToArray().ShouldBe(stringBytes);
        MemoryMarshal.Cast<byte, long>(binary.AsSpan(stringBytes.Length)).ToArray().ShouldBe([1L, -2L, 9007199254740993L, long.MinValue]);

        // A BYTES element whose length prefix runs past the end is a 400 naming the input.
        var cut = stringBytes[..^2];
        var badHeader = header.Replace($"\"binary_data_size\":{stringBytes.Length}", $"\"binary_data_size\":{cut.Length}");
        using var bad = await PostBinaryAsync(server.Client, "/v2/models/m/infer", badHeader, [.. floats, .. cut]);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["error"]!.GetValue<string>().ShouldContain("input 's': raw BYTES element 3 declares 6 bytes but only 4 remain");
        (await PostBinaryAsync(server.Client, "/v2/models/m/infer", header, [.. floats, .. stringBytes])).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Server_metadata_lists_the_extension()
    {
        var body = JsonNode.Parse(await iris.Http.GetStringAsync("v2"))!;
        body["extensions"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldContain("binary_tensor_data");
    }

    private static JsonNode Output(JsonArray outputs, string name) => outputs.Single(o => o!["name"]!.GetValue<string>() == name)!;

    private static byte[] Floats(IEnumerable<float> values) => MemoryMarshal.AsBytes(values.ToArray().AsSpan()).ToArray();

    private static byte[] Strings(IEnumerable<string> values)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            foreach (var value in values)
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                w.Write(bytes.Length);
                w.Write(bytes);
            }
        }

        return stream.ToArray();
    }

    private static async Task<HttpResponseMessage> PostBinaryAsync(HttpClient http, string path, string header, byte[] binary)
    {
        var json = Encoding.UTF8.GetBytes(header);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent([.. json, .. binary]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await http.SendAsync(request);
    }

    private static async Task<(JsonNode Header, byte[] Binary)> SplitAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, Encoding.UTF8.GetString(body));
        var length = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        return (JsonNode.Parse(body.AsSpan(0, length))!, body[length..]);
    }

    private static async Task<(long[] Label, float[] Probabilities)> JsonInferAsync(HttpClient http, string path, float[][] rows)
    {
        var data = string.Join(',', rows.SelectMany(r => r).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var body = $$"""{"inputs":[{"name":"input","datatype":"FP32","shape":[{{rows.Length}},4],"data":[{{data}}]}]}""";
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var outputs = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["outputs"]!.AsArray();
        return (Output(outputs, "label")["data"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray(),
            Output(outputs, "probabilities")["data"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray());
    }

    /// <summary>The real serving process for iris-v2 (model "iris"), with an HttpClient to it.</summary>
    public sealed class IrisProcess : IAsyncLifetime
    {
        public ServingProcess Process { get; private set; } = null!;

        public HttpClient Http { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Process = await ServingProcess.StartAsync("iris-v2", "iris", "2");
            Http = new HttpClient { BaseAddress = Process.Address, Timeout = TimeSpan.FromSeconds(30) };
        }

        public async Task DisposeAsync()
        {
            Http?.Dispose();
            if (Process is not null)
            {
                await Process.DisposeAsync();
            }
        }
    }
}
