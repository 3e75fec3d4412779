using System.Text.Json;
using Rollouts.LocalCluster.Traffic;
using Rollouts.Testing;

namespace Rollouts.LocalCluster.Tests;

public sealed class IrisRowsTests
{
    [Fact]
    public void The_sample_csv_has_150_rows_of_four_features()
    {
        var rows = IrisRows.Load(RepositoryPaths.InRepo("samples/data/iris.csv"));
        rows.Rows.Count.ShouldBe(150);
        rows.Rows.ShouldAllBe(r => r.Length == 4 && r.All(v => v > 0 && v < 10));
        rows.Labels.GroupBy(l => l).Select(g => (g.Key, g.Count())).ShouldBe([(0, 50), (1, 50), (2, 50)]);
    }

    [Fact]
    public void A_shift_moves_only_the_petal_features()
    {
        var rows = IrisRows.Parse("a,b,c,d,species\n5.1,3.5,1.4,0.2,setosa\n");
        rows.Shifted(0, 2f).ShouldBe([5.1f, 3.5f, 3.4f, 2.2f]);
        rows.Rows[0].ShouldBe([5.1f, 3.5f, 1.4f, 0.2f]);
    }

    [Fact]
    public void Species_are_numbered_as_the_models_label_output_and_unknown_ones_are_minus_one() =>
        IrisRows.Parse("h\n1,2,3,4,virginica\n1,2,3,4,Iris-versicolor\n1,2,3,4,rose\n1,2,3,4\n").Labels.ShouldBe([2, 1, -1, -1]);

    [Fact]
    public void A_bad_line_is_reported_with_its_number() =>
        Should.Throw<FormatException>(() => IrisRows.Parse("h\n1,2,x,4,s\n")).Message.ShouldContain("line 2");

    [Fact]
    public void The_request_body_is_an_open_inference_protocol_fp32_tensor()
    {
        using var doc = JsonDocument.Parse(InferRequestBody.ForRow([5.1f, 3.5f, 1.4f, 0.2f]));
        var input = doc.RootElement.GetProperty("inputs")[0];
        input.GetProperty("name").GetString().ShouldBe("input");
        input.GetProperty("datatype").GetString().ShouldBe("FP32");
        input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ShouldBe([1, 4]);
        input.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ShouldBe([5.1f, 3.5f, 1.4f, 0.2f]);
        InferRequestBody.Path("iris").ShouldBe("/v2/models/iris/infer");
    }
}
