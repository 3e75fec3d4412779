using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Rollouts.ModelBuilder.Models;

namespace Rollouts.ModelBuilder.Tests;

/// <summary>The committed sample models, run in the real ONNX Runtime against the builder's float32 reference.</summary>
public sealed class SampleModelsTests(BuiltCatalog catalog) : IClassFixture<BuiltCatalog>
{
    public static TheoryData<string> AllModels => new() { IrisV1.Name, IrisV2.Name, IrisBroken.Name, IrisSlow.Name, IrisSkewed.Name };

    public static TheoryData<string> AnsweringModels => new() { IrisV1.Name, IrisV2.Name, IrisSlow.Name, IrisSkewed.Name };

    private IReadOnlyList<float[]> AllRows => catalog.Context.All.Select(r => r.ToFloats()).ToList();

    [Theory]
    [MemberData(nameof(AllModels))]
    public void Every_model_has_the_shared_signature(string name)
    {
        using var session = Ort.LoadCommitted(name);

        Ort.Inputs(session).ShouldBe([("input", TensorElementType.Float, "-1,4")]);
        Ort.Outputs(session).ShouldBe(
        [
            ("label", TensorElementType.Int64, "-1"),
            ("probabilities", TensorElementType.Float, "-1,3"),
        ]);
    }

    [Theory]
    [MemberData(nameof(AnsweringModels))]
    public void Labels_from_onnx_runtime_equal_the_builders_reference_on_every_iris_row(string name)
    {
        using var session = Ort.LoadCommitted(name);

        var (labels, probabilities) = Ort.Run(session, AllRows);

        labels.Select(l => (int?)l).ShouldBe(catalog.Models[name].ExpectedLabels);
        for (int row = 0; row < labels.Length; row++)
        {
            float[] p = probabilities[(row * 3)..((row + 1) * 3)];
            p.Sum().ShouldBe(1f, 1e-5f);
            Array.IndexOf(p, p.Max()).ShouldBe((int)labels[row]);
        }
    }

    [Fact]
    public void Broken_fails_inside_onnx_runtime_exactly_for_rows_with_petal_length_of_5_or_more()
    {
        using var broken = Ort.LoadCommitted(IrisBroken.Name);
        using var v2 = Ort.LoadCommitted(IrisV2.Name);
        int failures = 0;

        foreach (float[] row in AllRows)
        {
            if (row[2] >= 5f)
            {
                var error = Should.Throw<OnnxRuntimeException>(() => Ort.Run(broken, [row]));
                error.Message.ShouldContain("Non-zero status code returned while running Gather node");
                failures++;
            }
            else
            {
                Ort.Run(broken, [row]).Labels.ShouldBe(Ort.Run(v2, [row]).Labels);
            }
        }

        failures.ShouldBe(catalog.Models[IrisBroken.Name].ExpectedLabels.Count(l => l is null));
        failures.ShouldBeInRange(30, 60);
    }

    [Fact]
    public void Slow_answers_exactly_as_v2_on_every_iris_row()
    {
        using var slow = Ort.LoadCommitted(IrisSlow.Name);
        using var v2 = Ort.LoadCommitted(IrisV2.Name);

        var fromSlow = Ort.Run(slow, AllRows);
        var fromV2 = Ort.Run(v2, AllRows);

        fromSlow.Labels.ShouldBe(fromV2.Labels);
        fromSlow.Probabilities.Zip(fromV2.Probabilities).Max(p => Math.Abs(p.First - p.Second)).ShouldBeLessThan(1e-6f);
    }

    [Fact]
    public void Skewed_disagrees_with_the_species_on_virginica_rows_it_never_saw()
    {
        using var skewed = Ort.LoadCommitted(IrisSkewed.Name);

        var labels = Ort.Run(skewed, AllRows).Labels;

        labels.Where((l, i) => catalog.Context.All[i].Label == 2 && l == 2).Count().ShouldBeLessThan(10);
    }

    [Fact]
    public void Committed_files_equal_a_fresh_run_of_the_tool()
    {
        string outDir = Path.Combine(Path.GetTempPath(), "modelbuilder-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            Program.Main(["--out", outDir, "--data", TestPaths.IrisCsv]).ShouldBe(0);

            string[] fresh = Directory.GetFiles(outDir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(outDir, f)).Order().ToArray();
            fresh.ShouldBe(Directory.GetFiles(TestPaths.ModelsDirectory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(TestPaths.ModelsDirectory, f)).Order().ToArray());
            foreach (string file in fresh)
            {
                File.ReadAllBytes(Path.Combine(outDir, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(TestPaths.ModelsDirectory, file)))
                    .ShouldBeTrue($"{file} differs from a fresh build: run `make models` and commit the result");
            }
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
