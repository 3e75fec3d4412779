using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.ML.OnnxRuntime;
using Rollouts.ModelBuilder.Onnx;
using Rollouts.Serving.Model;
using Rollouts.Serving.Onnx;

namespace Rollouts.Serving.Tests;

/// <summary>
/// Models whose weights live in external data files: read from the model's own folder, refused (with a message naming
/// the tensor and the path) when the location is absolute, escapes the folder (also through symbolic links), is ONNX
/// Runtime's in-memory marker, is missing, or the model was downloaded. Real models, the real server and ONNX Runtime.
/// </summary>
public sealed class ExternalDataTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("external-data-").FullName;
    private readonly string folder;
    private readonly string secret;

    public ExternalDataTests()
    {
        folder = Path.Combine(root, "models", "m");
        Directory.CreateDirectory(folder);
        secret = Path.Combine(root, "models", "secret.bin");
        File.WriteAllBytes(secret, Floats(7f, 11f));
        File.WriteAllBytes(Path.Combine(folder, "weights.bin"), Floats(3f, 5f));
        File.CreateSymbolicLink(Path.Combine(folder, "link.bin"), secret);
        Directory.CreateSymbolicLink(Path.Combine(folder, "up"), Path.Combine(root, "models"));
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.CreateSymbolicLink(Path.Combine(folder, "data", "inside.bin"), Path.Combine(folder, "weights.bin"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Theory]
    [InlineData("weights.bin")]
    [InlineData("./weights.bin")]
    [InlineData("data/inside.bin")]
    [InlineData("data/../weights.bin")]
    public async Task External_data_inside_the_models_folder_loads_and_is_used(string location)
    {
        await using var server = await ServingServer.StartAsync(WriteModel(location));

        var (status, body) = await server.InferJsonAsync("""{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[1,2]}]}""");

        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<float>()).ShouldBe([3f, 10f]);
    }

    [Theory]
    [InlineData("../secret.bin", "resolves to '{secret}', outside the model's folder '{folder}'")]
    [InlineData("{secret}", "absolute path '{secret}'")]
    [InlineData("/etc/hostname", "absolute path '/etc/hostname'")]
    [InlineData("link.bin", "resolves to '{secret}', outside the model's folder")]
    [InlineData("up/secret.bin", "resolves to '{secret}', outside the model's folder")]
    [InlineData("data/../../secret.bin", "resolves to '{secret}', outside the model's folder")]
    [InlineData("missing.bin", "which is not a file in the model's folder '{folder}'")]
    [InlineData("data", "which is not a file in the model's folder")]
    [InlineData("*/_ORT_MEM_ADDR_/*", "ONNX Runtime's in-memory marker")]
    public async Task External_data_outside_the_models_folder_is_refused_before_a_session_exists(string location, string expected)
    {
        var path = WriteModel(location.Replace("{secret}", secret, StringComparison.Ordinal));
        await using var server = await ServingServer.StartUnreadyAsync(path);
        await server.WaitAsync(s => s.Host.Status != ModelStatus.Loading);

        server.Host.Status.ShouldBe(ModelStatus.Failed);
        server.Host.Failure!.ShouldContain($"tensor 'w' of model '{path}'");
        server.Host.Failure!.ShouldContain(expected.Replace("{secret}", secret, StringComparison.Ordinal).Replace("{folder}", folder, StringComparison.Ordinal));
        server.Host.ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task A_downloaded_model_may_not_use_external_data()
    {
        var bytes = Model("weights.bin");
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        await using var origin = builder.Build();
        origin.Run(context => context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask());
        await origin.StartAsync();

        await using var server = await ServingServer.StartUnreadyAsync(origin.Urls.First() + "/m/model.onnx");
        await server.WaitAsync(s => s.Host.Status != ModelStatus.Loading);

        server.Host.Status.ShouldBe(ModelStatus.Failed);
        server.Host.Failure!.ShouldContain("keeps tensor 'w' in external data file 'weights.bin'");
        server.Host.Failure!.ShouldContain("not for a download");
    }

    [Fact]
    public void Onnx_runtime_refuses_an_escaping_location_on_its_own_too()
    {
        // The second line: ONNX Runtime 1.31.1 confines external data to the model's folder (by path) or to the folder
        // the server names (bytes); version-dependent, which is why the server checks first.
        var path = WriteModel("../secret.bin");
        Should.Throw<OnnxRuntimeException>(() => new InferenceSession(path)).Message.ShouldContain("escapes model directory");

        var failure = Should.Throw<OnnxRuntimeFailure>(() => OnnxSession.Load(File.ReadAllBytes(path), new SessionSettings(1, false, folder)));
        failure.Message.ShouldContain("escapes model directory");
    }

    [Fact]
    public void The_scanner_finds_external_tensors_in_initializers_and_node_attributes_and_refuses_malformed_bytes()
    {
        var model = new OnnxGraphBuilder("attrs")
            .AddInput("x", OnnxDataType.Float, -1, 2)
            .AddOutput("y", OnnxDataType.Float, -1, 2)
            .AddInitializer("w", OnnxTensor.External(OnnxDataType.Float, "a.bin", 0, 2))
            .AddNode("Constant", [], ["c"], OnnxAttribute.Tensor("value", OnnxTensor.External(OnnxDataType.Float, "b.bin", 8, 2)))
            .AddNode("Mul", ["x", "w"], ["xw"])
            .AddNode("Add", ["xw", "c"], ["y"])
            .ToModelBytes();

        ExternalTensorScanner.Find(model).Select(t => t.Location).ShouldBe(["a.bin", "b.bin"], ignoreOrder: true);
        ExternalTensorScanner.Find(File.ReadAllBytes(TestModels.Sample("iris-v2"))).ShouldBeEmpty();
        Should.Throw<FormatException>(() => ExternalTensorScanner.Find(model.AsSpan(0, model.Length - 3)));
        Should.Throw<FormatException>(() => ExternalTensorScanner.Find("this is not an ONNX model"u8));
    }

    private string WriteModel(string location)
    {
        var path = Path.Combine(folder, $"model-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, Model(location));
        return path;
    }

    /// <summary>y = x * w, w a [2] float initializer read from <paramref name="location"/>.</summary>
    internal static byte[] Model(string location) => new OnnxGraphBuilder("external")
        .AddInput("x", OnnxDataType.Float, -1, 2)
        .AddOutput("y", OnnxDataType.Float, -1, 2)
        .AddInitializer("w", OnnxTensor.External(OnnxDataType.Float, location, 0, 2))
        .AddNode("Mul", ["x", "w"], ["y"])
        .ToModelBytes();

    private static byte[] Floats(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();
}
