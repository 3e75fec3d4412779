using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Grpc.Core;
using Rollouts.Serving.Grpc.V2;
using Rollouts.Testing;

namespace Rollouts.Serving.Tests;

/// <summary>
/// Interop with another gRPC implementation: Node's @grpc/grpc-js, with @grpc/proto-loader reading our .proto, drives the
/// real serving process (GrpcNodeClient.js); its answers must equal Grpc.Net.Client's and REST's.
/// </summary>
public sealed class GrpcInteropTests(GrpcServingFixture fixture) : IClassFixture<GrpcServingFixture>
{
    [Fact]
    public async Task The_node_grpc_js_client_gets_every_rpc_and_the_error_codes()
    {
        var modules = RepositoryPaths.NpmToolsModules;
        Directory.Exists(Path.Combine(modules, "@grpc", "grpc-js")).ShouldBeTrue($"{modules} lacks @grpc/grpc-js: run dev/install-npm-tools.sh (make deps)");
        var row = ServingProcess.IrisRows[100];
        var expected = await fixture.Client.ModelInferAsync(GrpcServingFixture.IrisRequest(row));

        var result = await RunNodeAsync(modules, row);

        result["live"]!["response"]!["live"]!.GetValue<bool>().ShouldBeTrue();
        result["ready"]!["response"]!["ready"]!.GetValue<bool>().ShouldBeTrue();
        result["modelReady"]!["response"]!["ready"]!.GetValue<bool>().ShouldBeTrue();
        result["serverMetadata"]!["response"]!["name"]!.GetValue<string>().ShouldBe("rollouts-serving");
        var metadata = result["modelMetadata"]!["response"]!;
        metadata["inputs"]![0]!["name"]!.GetValue<string>().ShouldBe("input");
        metadata["inputs"]![0]!["shape"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldBe(["-1", "4"]);

        var typed = result["typed"]!;
        typed["code"]!.GetValue<int>().ShouldBe(0, typed.ToJsonString());
        typed["response"]!["id"]!.GetValue<string>().ShouldBe("node-1");
        var outputs = typed["response"]!["outputs"]!.AsArray();
        var label = expected.Outputs.Single(o => o.Name == "label").Contents.Int64Contents.Single();
        var probabilities = expected.Outputs.Single(o => o.Name == "probabilities").Contents.Fp32Contents.ToArray();
        Output(outputs, "label")["contents"]!["int64_contents"]!.AsArray().Select(v => long.Parse(v!.GetValue<string>(), CultureInfo.InvariantCulture)).ShouldBe([label]);
        Output(outputs, "probabilities")["contents"]!["fp32_contents"]!.AsArray().Select(v => v!.GetValue<float>()).ShouldBe(probabilities);

        var raw = result["raw"]!;
        raw["code"]!.GetValue<int>().ShouldBe(0, raw.ToJsonString());
        raw["decoded"]!["label"]!.GetValue<string>().ShouldBe(label.ToString(CultureInfo.InvariantCulture));
        raw["decoded"]!["probabilities"]!.AsArray().Select(v => v!.GetValue<float>()).ShouldBe(probabilities);
        raw["decoded"]!["contentsPresent"]!.GetValue<bool>().ShouldBeFalse();

        Code(result, "badShape").ShouldBe((int)StatusCode.InvalidArgument);
        result["badShape"]!["details"]!.GetValue<string>().ShouldContain("unexpected shape for input 'input'");
        Code(result, "wrongDatatype").ShouldBe((int)StatusCode.InvalidArgument);
        result["wrongDatatype"]!["details"]!.GetValue<string>().ShouldContain("expected FP32, got INT64");
        Code(result, "unknownModel").ShouldBe((int)StatusCode.NotFound);
        Code(result, "unknownModelReady").ShouldBe((int)StatusCode.NotFound);
        foreach (var after in new[] { "afterBadShape", "afterWrongDatatype", "afterUnknownModel" })
        {
            Code(result, after).ShouldBe(0, after);
        }
    }

    private static JsonNode Output(JsonArray outputs, string name) => outputs.Single(o => o!["name"]!.GetValue<string>() == name)!;

    private static int Code(JsonNode result, string key) => result[key]!["code"]!.GetValue<int>();

    private async Task<JsonNode> RunNodeAsync(string modules, float[] row)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GrpcNodeClient.js"));
        start.ArgumentList.Add($"127.0.0.1:{fixture.GrpcPort}");
        start.ArgumentList.Add(RepositoryPaths.InRepo("serving-image/Grpc/grpc_predict_v2.proto"));
        start.ArgumentList.Add("iris");
        start.ArgumentList.Add("[" + string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]");
        start.Environment["NODE_PATH"] = modules;
        using var node = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var stdout = node.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = node.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }

        node.ExitCode.ShouldBe(0, await stderr);
        return JsonNode.Parse(await stdout)!;
    }
}
