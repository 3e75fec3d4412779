using System.Net;
using System.Text.Json.Nodes;
using Rollouts.ModelBuilder.Onnx;

namespace Rollouts.Serving.Tests;

/// <summary>Every Open Inference Protocol datatype the server serves round-trips through a real Identity model.</summary>
public sealed class DatatypeTests
{
    public static TheoryData<OnnxDataType, string, string> Cases() => new()
    {
        { OnnxDataType.Float, "FP32", "[1.5,-2.25,0,3.4028235E+38]" },
        { OnnxDataType.Double, "FP64", "[1.5,-2.25,0.1,1E+300]" },
        { OnnxDataType.Int8, "INT8", "[-128,127,0,5]" },
        { OnnxDataType.Int16, "INT16", "[-32768,32767,0,5]" },
        { OnnxDataType.Int32, "INT32", "[-2147483648,2147483647,0,5]" },
        { OnnxDataType.Int64, "INT64", "[-9223372036854775808,9223372036854775807,0,5]" },
        { OnnxDataType.UInt8, "UINT8", "[0,255,1,5]" },
        { OnnxDataType.UInt16, "UINT16", "[0,65535,1,5]" },
        { OnnxDataType.UInt32, "UINT32", "[0,4294967295,1,5]" },
        { OnnxDataType.UInt64, "UINT64", "[0,18446744073709551615,1,5]" },
        { OnnxDataType.Bool, "BOOL", "[true,false,false,true]" },
        { OnnxDataType.String, "BYTES", "[\"a\",\"h\u00e9llo \\\"q\\\"\",\"\",\"\u65e5\u672c\"]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Datatype_round_trips_through_an_identity_model(OnnxDataType type, string datatype, string data)
    {
        await using var server = await ServingServer.StartAsync(TestModels.Identity(type, -1, 2));
        var (_, metadata) = await server.GetJsonAsync("/v2/models/m");
        metadata!["inputs"]![0]!["datatype"]!.GetValue<string>().ShouldBe(datatype);

        var (status, body) = await server.InferJsonAsync(
            $$"""{"inputs":[{"name":"x","shape":[2,2],"datatype":"{{datatype}}","data":{{data}}}]}""");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        var output = body!["outputs"]!.AsArray().Single()!;
        output["name"]!.GetValue<string>().ShouldBe("y");
        output["datatype"]!.GetValue<string>().ShouldBe(datatype);
        output["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ShouldBe([2L, 2L]);
        output["data"]!.ToJsonString().ShouldBe(JsonNode.Parse(data)!.ToJsonString());

        // Out-of-range or wrongly typed values are a 400 that names the datatype.
        var bad = datatype switch { "BYTES" => "[1,2,3,4]", "BOOL" => "[1,0,1,0]", _ => "[\"1\",2,3,4]" };
        var (badStatus, badBody) = await server.InferJsonAsync(
            $$"""{"inputs":[{"name":"x","shape":[2,2],"datatype":"{{datatype}}","data":{{bad}}}]}""");
        badStatus.ShouldBe(HttpStatusCode.BadRequest);
        badBody!["error"]!.GetValue<string>().ShouldContain(datatype);
    }

    [Theory]
    [InlineData(OnnxDataType.Int8, "INT8", "128")]
    [InlineData(OnnxDataType.UInt8, "UINT8", "-1")]
    [InlineData(OnnxDataType.Int32, "INT32", "2147483648")]
    [InlineData(OnnxDataType.UInt64, "UINT64", "18446744073709551616")]
    [InlineData(OnnxDataType.Int64, "INT64", "1.5")]
    public async Task Integer_out_of_range_is_400(OnnxDataType type, string datatype, string value)
    {
        await using var server = await ServingServer.StartAsync(TestModels.Identity(type, -1, 2));
        var (status, body) = await server.InferJsonAsync(
            $$"""{"inputs":[{"name":"x","shape":[1,2],"datatype":"{{datatype}}","data":[0,{{value}}]}]}""");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body!["error"]!.GetValue<string>().ShouldBe($"data of input 'x' element 1: expected an integer in the range of {datatype}, got a number {value}");
    }

    [Fact]
    public async Task Arbitrary_input_and_output_names_are_served()
    {
        await using var server = await ServingServer.StartAsync(TestModels.OddNames());
        var (_, metadata) = await server.GetJsonAsync("/v2/models/m");
        metadata!["inputs"]![0]!["name"]!.GetValue<string>().ShouldBe("in put/\"é\"");
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "in put/\"é\"",
                ["shape"] = new JsonArray(1, 2),
                ["datatype"] = "FP32",
                ["data"] = new JsonArray(1.5, -2),
            }),
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = "out:0 ü" }),
        };
        var (status, body) = await server.InferJsonAsync(request.ToJsonString());
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        var output = body!["outputs"]![0]!;
        output["name"]!.GetValue<string>().ShouldBe("out:0 ü");
        output["data"]!.AsArray().Select(d => d!.GetValue<double>()).ShouldBe([3.0, -4.0]);
    }
}
