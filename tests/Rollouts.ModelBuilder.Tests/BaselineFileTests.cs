using System.Text.Json;
using Rollouts.ModelBuilder.Baselines;
using Rollouts.ModelBuilder.Data;
using Rollouts.ModelBuilder.Models;

namespace Rollouts.ModelBuilder.Tests;

/// <summary>The committed baseline.json files follow seams §4 and say what each model's story needs.</summary>
public sealed class BaselineFileTests
{
    public static TheoryData<string> AllModels => SampleModelsTests.AllModels;

    private static Baseline Read(string name) =>
        JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(TestPaths.ModelsDirectory, name, "baseline.json")), BaselineJsonContext.Default.Baseline)!;

    [Theory]
    [MemberData(nameof(AllModels))]
    public void Baseline_has_ten_bins_per_feature_and_a_categorical_label_distribution(string name)
    {
        Baseline baseline = Read(name);

        baseline.Features.Select(f => (f.Input, f.Index, f.Name)).ShouldBe(
            IrisDataSet.FeatureNames.Select((n, i) => ("input", i, n)));
        foreach (var feature in baseline.Features)
        {
            feature.Edges.Length.ShouldBe(11);
            feature.Edges.ShouldBe(feature.Edges.Order().ToArray());
            feature.Proportions.Length.ShouldBe(10);
            feature.Proportions.Sum().ShouldBe(1.0, 1e-9);
        }

        baseline.Prediction.Output.ShouldBe("label");
        baseline.Prediction.Kind.ShouldBe("categorical");
        baseline.Prediction.Categories.ShouldBe([0L, 1L, 2L]);
        baseline.Prediction.Proportions.Sum().ShouldBe(1.0, 1e-9);
    }

    [Fact]
    public void Ordinary_iris_traffic_drifts_far_from_the_skewed_baseline_but_not_from_v2s()
    {
        var all = IrisDataSet.Load(TestPaths.IrisCsv);

        var skewed = BaselineBuilder.FeaturePsi(Read(IrisSkewed.Name), all);
        var v2 = BaselineBuilder.FeaturePsi(Read(IrisV2.Name), all);

        skewed["petal_length"].ShouldBeGreaterThan(0.2);
        skewed["petal_width"].ShouldBeGreaterThan(0.2);
        v2.Values.ShouldAllBe(psi => psi < 0.1);
    }
}
