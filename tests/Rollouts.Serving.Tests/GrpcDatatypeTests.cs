using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Rollouts.ModelBuilder.Onnx;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// gRPC on the real server (in process, real Kestrel and ONNX Runtime): every served datatype round-trips through an
/// Identity model in typed contents and in raw contents; out-of-range values and a model that is not ready get their
/// status codes.
/// </summary>
public sealed class GrpcDatatypeTests
{
    public static TheoryData<OnnxDataType, string> Types() => new()
    {
        { OnnxDataType.Float, "FP32" }, { OnnxDataType.Double, "FP64" }, { OnnxDataType.Int8, "INT8" },
        { OnnxDataType.Int16, "INT16" }, { OnnxDataType.Int32, "INT32" }, { OnnxDataType.Int64, "INT64" },
        { OnnxDataType.UInt8, "UINT8" }, { OnnxDataType.UInt16, "UINT16" }, { OnnxDataType.UInt32, "UINT32" },
        { OnnxDataType.UInt64, "UINT64" }, { OnnxDataType.Bool, "BOOL" }, { OnnxDataType.String, "BYTES" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Datatype_round_trips_in_typed_and_in_raw_contents(OnnxDataType type, string datatype)
    {
        var port = ServingProcess.FreePort();
        await using var server = await ServingServer.StartAsync(TestModels.Identity(type, -1, 2), "--grpc-port", port.ToString(CultureInfo.InvariantCulture));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var contents = Values(datatype);

        var typed = await client.ModelInferAsync(Request(datatype, r => r.Inputs[0].Contents = contents));
        var output = typed.Outputs.Single();
        (output.Name, output.Datatype).ShouldBe(("y", datatype));
        output.Shape.ShouldBe([2L, 2L]);
        output.Contents.ShouldBe(contents);

        var raw = Encode(datatype, contents);
        var answer = await client.ModelInferAsync(Request(datatype, r => r.RawInputContents.Add(raw)));
        answer.Outputs.Single().Contents.ShouldBeNull();
        answer.RawOutputContents.Single().ToByteArray().ShouldBe(raw.ToByteArray());
    }

    [Theory]
    [InlineData(OnnxDataType.Int8, "INT8", 128L)]
    [InlineData(OnnxDataType.Int16, "INT16", -32769L)]
    [InlineData(OnnxDataType.UInt8, "UINT8", 256L)]
    public async Task A_value_out_of_its_datatypes_range_is_invalid_argument(OnnxDataType type, string datatype, long value)
    {
        var port = ServingProcess.FreePort();
        await using var server = await ServingServer.StartAsync(TestModels.Identity(type, -1, 2), "--grpc-port", port.ToString(CultureInfo.InvariantCulture));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var bad = datatype.StartsWith('U')
            ? new InferTensorContents { UintContents = { 1, 2, 3, (uint)value } }
            : new InferTensorContents { IntContents = { 1, 2, 3, (int)value } };

        var error = await Should.ThrowAsync<RpcException>(async () => await client.ModelInferAsync(Request(datatype, r => r.Inputs[0].Contents = bad)));
        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Status.Detail.ShouldBe($"input 'x' element 3: expected an integer in the range of {datatype}, got {value}");
        (await client.ModelInferAsync(Request(datatype, r => r.Inputs[0].Contents = Values(datatype)))).Outputs.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Until_the_model_is_ready_health_says_so_and_model_calls_are_unavailable()
    {
        // A model origin that accepts the download and never answers: the server stays loading.
        using var origin = new TcpListener(IPAddress.Loopback, 0);
        origin.Start();
        var accepted = origin.AcceptTcpClientAsync();
        var port = ServingProcess.FreePort();
        await using var server = await ServingServer.StartUnreadyAsync(
            $"http://127.0.0.1:{((IPEndPoint)origin.LocalEndpoint).Port}/model.onnx", "--grpc-port", port.ToString(CultureInfo.InvariantCulture));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        using var connection = await accepted;

        (await client.ServerLiveAsync(new ServerLiveRequest())).Live.ShouldBeTrue();
        (await client.ServerReadyAsync(new ServerReadyRequest())).Ready.ShouldBeFalse();
        (await client.ModelReadyAsync(new ModelReadyRequest { Name = "m" })).Ready.ShouldBeFalse();
        var metadata = await Should.ThrowAsync<RpcException>(async () => await client.ModelMetadataAsync(new ModelMetadataRequest { Name = "m" }));
        metadata.StatusCode.ShouldBe(StatusCode.Unavailable);
        var infer = await Should.ThrowAsync<RpcException>(async () => await client.ModelInferAsync(Request("FP32", r => r.Inputs[0].Contents = Values("FP32"))));
        infer.StatusCode.ShouldBe(StatusCode.Unavailable);
        infer.Status.Detail.ShouldBe("model 'm' version '1' is not ready (loading)");

        var samples = PrometheusText.Parse(await server.Client.GetStringAsync("/metrics"));
        samples.Single(s => s.Name == "model_inference_requests_total" && s.Labels["code"] == "503").Value.ShouldBe(1);
        (await client.ServerLiveAsync(new ServerLiveRequest())).Live.ShouldBeTrue();
    }

    private static ModelInferRequest Request(string datatype, Action<ModelInferRequest> fill)
    {
        var request = new ModelInferRequest { ModelName = "m" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = datatype };
        input.Shape.AddRange([2, 2]);
        request.Inputs.Add(input);
        fill(request);
        return request;
    }

    private static InferTensorContents Values(string datatype) => datatype switch
    {
        "FP32" => new() { Fp32Contents = { 1.5f, -2.25f, 0f, float.MaxValue } },
        "FP64" => new() { Fp64Contents = { 1.5, -2.25, 0.1, 1e300 } },
        "INT8" => new() { IntContents = { sbyte.MinValue, sbyte.MaxValue, 0, 5 } },
        "INT16" => new() { IntContents = { short.MinValue, short.MaxValue, 0, 5 } },
        "INT32" => new() { IntContents = { int.MinValue, int.MaxValue, 0, 5 } },
        "INT64" => new() { Int64Contents = { long.MinValue, long.MaxValue, 0, 5 } },
        "UINT8" => new() { UintContents = { 0, byte.MaxValue, 1, 5 } },
        "UINT16" => new() { UintContents = { 0, ushort.MaxValue, 1, 5 } },
        "UINT32" => new() { UintContents = { 0, uint.MaxValue, 1, 5 } },
        "UINT64" => new() { Uint64Contents = { 0, ulong.MaxValue, 1, 5 } },
        "BOOL" => new() { BoolContents = { true, false, false, true } },
        _ => new() { BytesContents = { ByteString.CopyFromUtf8("a"), ByteString.CopyFromUtf8("h\u00e9llo \"q\""), ByteString.Empty, ByteString.CopyFromUtf8("\u65e5\u672c") } },
    };

    /// <summary>The protocol's raw form, written here independently of the server's codec.</summary>
    private static ByteString Encode(string datatype, InferTensorContents c)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            switch (datatype)
            {
                case "FP32": c.Fp32Contents.ToList().ForEach(w.Write); break;
                case "FP64": c.Fp64Contents.ToList().ForEach(w.Write); break;
                case "INT8": c.IntContents.ToList().ForEach(v => w.Write((sbyte)v)); break;
                case "INT16": c.IntContents.ToList().ForEach(v => w.Write((short)v)); break;
                case "INT32": c.IntContents.ToList().ForEach(w.Write); break;
                case "INT64": c.Int64Contents.ToList().ForEach(w.Write); break;
                case "UINT8": c.UintContents.ToList().ForEach(v => w.Write((byte)v)); break;
                case "UINT16": c.UintContents.ToList().ForEach(v => w.Write((ushort)v)); break;
                case "UINT32": c.UintContents.ToList().ForEach(w.Write); break;
                case "UINT64": c.Uint64Contents.ToList().ForEach(w.Write); break;
                case "BOOL": c.BoolContents.ToList().ForEach(w.Write); break;
                default:
                    foreach (var bytes in c.BytesContents)
                    {
                        w.Write(bytes.Length);
                        w.Write(bytes.ToByteArray());
                    }

                    break;
            }
        }

        return ByteString.CopyFrom(stream.ToArray());
    }
}
