using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using Rollouts.Serving.Grpc.V2;

namespace GrpcBench;

/// <summary>
/// Closed-loop gRPC load: <c>GrpcBench ADDRESS IRIS_CSV SECONDS CONCURRENCY</c>. CONCURRENCY callers each send one
/// ModelInfer (model "iris", one real Iris row in typed fp32_contents) and wait for its answer before the next, over
/// max(1, CONCURRENCY / 16) HTTP/2 connections (one channel each, callers spread round-robin), after a 1 s warm-up.
/// Prints one line: <c>concurrency infer/s p50_ms p99_ms p999_ms connections errors</c>.
/// <c>GrpcBench --write-body IRIS_CSV PATH</c> instead writes the first Iris row's ModelInfer request as one gRPC
/// length-prefixed message (flag byte 0, 4-byte big-endian length, the protobuf bytes), the body h2load posts.
/// </summary>
public static class Program
{
    /// <summary>Callers per HTTP/2 connection.</summary>
    public const int CallersPerConnection = 16;

    /// <summary>Runs the load and prints the figures; exit code 2 for bad arguments.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--write-body", var csv, var path])
        {
            var message = Google.Protobuf.MessageExtensions.ToByteArray(Request(Rows(csv).First()));
            var body = new byte[5 + message.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(1), message.Length);
            message.CopyTo(body, 5);
            File.WriteAllBytes(path, body);
            return 0;
        }

        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: GrpcBench ADDRESS IRIS_CSV SECONDS CONCURRENCY | GrpcBench --write-body IRIS_CSV PATH");
            return 2;
        }

        var address = args[0];
        var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
        var concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
        var requests = Rows(args[1]).Select(Request).ToArray();
        var connections = Math.Max(1, concurrency / CallersPerConnection);
        var channels = Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress(address)).ToArray();
        try
        {
            var clients = channels.Select(c => new GRPCInferenceService.GRPCInferenceServiceClient(c)).ToArray();
            await RunAsync(clients, requests, concurrency, TimeSpan.FromSeconds(1), null);
            var latencies = new List<long>[concurrency];
            var errors = new int[concurrency];
            var elapsed = await RunAsync(clients, requests, concurrency, TimeSpan.FromSeconds(seconds), (latencies, errors));
            var all = latencies.SelectMany(l => l).Order().ToArray();
            Console.WriteLine(string.Join(' ',
                concurrency.ToString(CultureInfo.InvariantCulture),
                (all.Length / elapsed.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture),
                Percentile(all, 0.50), Percentile(all, 0.99), Percentile(all, 0.999),
                connections.ToString(CultureInfo.InvariantCulture),
                errors.Sum().ToString(CultureInfo.InvariantCulture)));
            return 0;
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static async Task<TimeSpan> RunAsync(
        GRPCInferenceService.GRPCInferenceServiceClient[] clients, ModelInferRequest[] requests, int concurrency, TimeSpan duration,
        (List<long>[] Latencies, int[] Errors)? record)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var client = clients[worker % clients.Length];
            var latencies = new List<long>(1 << 16);
            var errors = 0;
            for (var i = worker; Stopwatch.GetTimestamp() < end; i++)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    await client.ModelInferAsync(requests[i % requests.Length]);
                    latencies.Add(Stopwatch.GetTimestamp() - sent);
                }
                catch (Grpc.Core.RpcException)
                {
                    errors++;
                }
            }

            if (record is { } r)
            {
                r.Latencies[worker] = latencies;
                r.Errors[worker] = errors;
            }
        })));
        return Stopwatch.GetElapsedTime(start);
    }

    private static string Percentile(long[] sorted, double q) => sorted.Length == 0
        ? "0"
        : (sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency).ToString("F2", CultureInfo.InvariantCulture);

    private static IEnumerable<float[]> Rows(string csv) => File.ReadLines(csv).Skip(1).Where(l => l.Length > 0)
        .Select(l => l.Split(',').Take(4).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray());

    private static ModelInferRequest Request(float[] row)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32", Contents = new InferTensorContents() };
        input.Shape.AddRange([1, 4]);
        input.Contents.Fp32Contents.AddRange(row);
        var request = new ModelInferRequest { ModelName = "iris" };
        request.Inputs.Add(input);
        return request;
    }
}
