using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rollouts.Serving.Tests;

/// <summary>
/// Every client error is refused before Run with {"error": "..."} naming what was expected and what came,
/// and the server keeps serving afterwards.
/// </summary>
public sealed class ErrorTests : IAsyncLifetime
{
    private const string Good = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";
    private ServingServer server = null!;

    public async Task InitializeAsync() =>
        server = await ServingServer.StartAsync(TestModels.Sample("iris-v2"), "--max-batch-size", "8", "--max-request-bytes", "4096");

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("""{"inputs":[{"name":"nope","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", "unknown input 'nope'")]
    [InlineData("""{"inputs":[]}""", "missing input 'input' (FP32 [-1,4])")]
    [InlineData("""{"id":"x"}""", "no 'inputs'")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"INT64","data":[1,2,3,4]}]}""", "wrong datatype for input 'input': expected FP32, got INT64")]
    [InlineData("""{"inputs":[{"name":"input","shape":[4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""", "unexpected shape for input 'input': expected [-1,4], got [4]")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,3],"datatype":"FP32","data":[5.1,3.5,1.4]}]}""", "unexpected shape for input 'input': expected [-1,4], got [1,3]")]
    [InlineData("""{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""", "input 'input' has 4 elements in 'data' but shape [2,4] needs 8")]
    [InlineData("""{"inputs":[{"name":"input","shape":[9,4],"datatype":"FP32","data":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}]}""", "batch size 9 of input 'input' is over the limit of 8 rows")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,"a",1.4,0.2]}]}""", "data of input 'input' element 1: expected a finite number (FP32), got a string a")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,true,1.4,0.2]}]}""", "expected a finite number (FP32), got a boolean")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":5}]}""", "data of input 'input' must be an array")]
    [InlineData("""{"inputs":[{"name":"input","shape":"1,4","datatype":"FP32","data":[1,2,3,4]}]}""", "shape of input 'input' must be an array of non-negative integers")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,-4],"datatype":"FP32","data":[1,2,3,4]}]}""", "shape of input 'input' must be an array of non-negative integers")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FLOAT32","data":[1,2,3,4]}]}""", "unknown datatype 'FLOAT32' for input 'input'")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP16","data":[1,2,3,4]}]}""", "datatype FP16 of input 'input' is not supported")]
    [InlineData("""{"inputs":[{"name":7,"shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", "inputs[0].name must be a string, got a number")]
    [InlineData("""{"inputs":{"name":"input"}}""", "'inputs' must be an array, got an object")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}],"outputs":[{"name":"scores"}]}""", "unknown output 'scores': the model's outputs are 'label', 'probabilities'")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]},{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", "input 'input' is given more than once")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]""", "malformed JSON")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]} trailing""", "malformed")]
    [InlineData("""not json""", "malformed JSON")]
    [InlineData("""[1,2]""", "the request body must be a JSON object")]
    [InlineData("", "the request body is empty")]
    [InlineData("""{"id":5,"inputs":[]}""", "'id' must be a string, got a number")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1e39,2,3,4]}]}""", "expected a finite number (FP32), got a number 1e39")]
    [InlineData("""{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[[1,2,3,4],[1,2,3]]}]}""", "data of input 'input' is ragged")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[[1,2],[3,4]]}]}""", "data of input 'input' is nested as [2,2] but its shape is [1,4]")]
    [InlineData("""{"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[[1,2,3,4],5,6,7,8]}]}""", "mixes values and arrays")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[{"a":1},2,3,4]}]}""", "expected a finite number (FP32), got an object")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[null,2,3,4]}]}""", "expected a finite number (FP32), got null")]
    public async Task Bad_request_is_400_with_a_message_and_the_server_keeps_serving(string body, string expected)
    {
        var (status, json) = await server.InferJsonAsync(body);
        status.ShouldBe(HttpStatusCode.BadRequest, json?.ToJsonString());
        json!["error"]!.GetValue<string>().ShouldContain(expected);
        await ShouldStillServeAsync();
    }

    [Fact]
    public async Task Deeply_nested_data_is_400_not_a_crash()
    {
        var body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":" + new string('[', 200) + new string(']', 200) + "}]}";
        var (status, json) = await server.InferJsonAsync(body);
        status.ShouldBe(HttpStatusCode.BadRequest);
        json!["error"]!.GetValue<string>().ShouldContain("malformed JSON");
        await ShouldStillServeAsync();
    }

    [Fact]
    public async Task Body_over_the_limit_with_content_length_is_413()
    {
        var body = Good.Replace("\"data\"", "\"pad\":\"" + new string('x', 5000) + "\",\"data\"", StringComparison.Ordinal);
        var (status, json) = await server.InferJsonAsync(body);
        status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        json!["error"]!.GetValue<string>().ShouldContain("4096 bytes");
        await ShouldStillServeAsync();
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413()
    {
        var body = Good.Replace("\"data\"", "\"pad\":\"" + new string('x', 5000) + "\",\"data\"", StringComparison.Ordinal);
        using var content = new ChunkedContent(Encoding.UTF8.GetBytes(body));
        using var response = await server.Client.PostAsync("/v2/models/m/infer", content);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"error\"");
        await ShouldStillServeAsync();
    }

    [Fact]
    public async Task Chunked_body_within_the_limit_is_served()
    {
        using var content = new ChunkedContent(Encoding.UTF8.GetBytes(Good));
        using var response = await server.Client.PostAsync("/v2/models/m/infer", content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/v2/models/other/infer", "unknown model 'other'")]
    [InlineData("/v2/models/m/versions/9/infer", "unknown version '9' of model 'm'")]
    public async Task Unknown_model_or_version_is_404(string path, string expected)
    {
        var (status, json) = await server.InferJsonAsync(Good, path);
        status.ShouldBe(HttpStatusCode.NotFound);
        json!["error"]!.GetValue<string>().ShouldContain(expected);
    }

    [Fact]
    public async Task A_client_that_hangs_up_mid_body_does_not_wedge_the_server()
    {
        var uri = server.Client.BaseAddress!;
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(uri.Host, uri.Port);
            var stream = socket.GetStream();
            var head = $"POST /v2/models/m/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nContent-Type: application/json\r\n\r\n{{\"inputs\":[";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.FlushAsync();
        }

        await ShouldStillServeAsync();
        await server.WaitAsync(_ => InFlight(server) == 0);
    }

    private static double InFlight(ServingServer s)
    {
        var text = s.Client.GetStringAsync("/metrics").GetAwaiter().GetResult();
        var line = text.Split('\n').First(l => l.StartsWith("model_inference_in_flight_requests{", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ShouldStillServeAsync()
    {
        var (status, json) = await server.InferJsonAsync(Good);
        status.ShouldBe(HttpStatusCode.OK, json?.ToJsonString());
    }

    /// <summary>Content with no length, so HttpClient sends it chunked.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < bytes.Length; i += 512)
            {
                await stream.WriteAsync(bytes.AsMemory(i, Math.Min(512, bytes.Length - i)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
