using System.Globalization;
using Rollouts.Testing;

namespace Rollouts.OnnxRuntime.Tests;

/// <summary>The committed sample models (samples/models/*/model.onnx) on the real Iris rows.</summary>
public sealed class SampleModelTests
{
    public static TheoryData<string> Models() => new(["iris-v1", "iris-v2", "iris-broken", "iris-slow", "iris-skewed"]);

    [Theory]
    [MemberData(nameof(Models))]
    public void Sample_model_has_the_shared_signature_and_answers_each_iris_row(string name)
    {
        var path = RepositoryPaths.InRepo($"samples/models/{name}/model.onnx");
        File.Exists(path).ShouldBeTrue($"{path} is missing (make models)");
        using var session = InferenceSession.Load(TestRuntime.Environment, path, new SessionConfig(IntraOpThreads: 1));

        var input = session.Inputs.ShouldHaveSingleItem();
        input.Name.ShouldBe("input");
        input.ElementType.ShouldBe(TensorElementType.Float);
        input.Shape.ShouldBe([-1, 4]);
        var label = session.Outputs.Single(o => o.Name == "label");
        label.ElementType.ShouldBe(TensorElementType.Int64);
        label.Shape.ShouldBe([-1]);
        session.Outputs.Single(o => o.Name == "probabilities").Shape.ShouldBe([-1, 3]);

        var answered = 0;
        var failedInNode = 0;
        foreach (var row in IrisRows())
        {
            try
            {
                var outputs = session.Run([Tensor.Create("input", [1, 4], row)], ["label", "probabilities"]);
                var probabilities = (float[])outputs[1].Data;
                var predicted = ((long[])outputs[0].Data).ShouldHaveSingleItem();
                predicted.ShouldBeInRange(0, 2);
                probabilities[(int)predicted].ShouldBe(probabilities.Max());
                answered++;
            }
            catch (OrtException e) when (name == "iris-broken")
            {
                e.FailedNode.ShouldNotBeNullOrEmpty(e.Message);
                failedInNode++;
            }
        }

        answered.ShouldBeGreaterThan(0);
        if (name == "iris-broken")
        {
            failedInNode.ShouldBeGreaterThan(0, "iris-broken should fail inside ONNX Runtime on part of the rows");
        }
    }

    private static IEnumerable<float[]> IrisRows() =>
        File.ReadLines(RepositoryPaths.InRepo("samples/data/iris.csv"))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(',').Take(4).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray());
}
