using Grpc.Net.Client;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// The real serving process for iris-v2 (model "iris", version "2") with its gRPC endpoint on a second free port
/// (<c>--grpc-port</c>), a batching delay long enough for concurrent calls to merge, and a Grpc.Net.Client channel to it
/// (one HTTP/2 connection, h2c by prior knowledge).
/// </summary>
public sealed class GrpcServingFixture : IAsyncLifetime
{
    public ServingProcess Process { get; private set; } = null!;

    public int GrpcPort { get; private set; }

    public GrpcChannel Channel { get; private set; } = null!;

    public GRPCInferenceService.GRPCInferenceServiceClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        GrpcPort = ServingProcess.FreePort();
        Process = await ServingProcess.StartAsync("iris-v2", "iris", "2",
            ["--grpc-port", GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--max-batch-size", "64", "--max-batch-delay-us", "20000"]);
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
        Client = new GRPCInferenceService.GRPCInferenceServiceClient(Channel);
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
    }

    /// <summary>A typed FP32 request for the Iris rows (shape [rows, 4]).</summary>
    public static ModelInferRequest IrisRequest(params float[][] rows)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32", Contents = new InferTensorContents() };
        input.Shape.AddRange([rows.Length, 4]);
        input.Contents.Fp32Contents.AddRange(rows.SelectMany(r => r));
        var request = new ModelInferRequest { ModelName = "iris", Id = "c#" };
        request.Inputs.Add(input);
        return request;
    }
}
