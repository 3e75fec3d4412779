using Rollouts.LocalCluster.Orchestration;
using Rollouts.Testing;

namespace Rollouts.LocalCluster.Tests;

public sealed class YamlDocumentsTests
{
    [Fact]
    public void Plain_scalars_are_typed_and_quoted_ones_stay_strings()
    {
        var doc = YamlDocuments.Parse("a: 1\nb: \"1.0\"\nc: 0.25\nd: true\ne: 2s\nf: ~\ng: [x, 2]\n---\n").Single();
        doc["a"]!.GetValue<long>().ShouldBe(1);
        doc["b"]!.GetValue<string>().ShouldBe("1.0");
        doc["c"]!.GetValue<double>().ShouldBe(0.25);
        doc["d"]!.GetValue<bool>().ShouldBeTrue();
        doc["e"]!.GetValue<string>().ShouldBe("2s");
        doc["f"].ShouldBeNull();
        doc["g"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public void The_crd_parses_as_one_document()
    {
        var docs = YamlDocuments.Parse(File.ReadAllText(RepositoryPaths.InRepo("crds/modeldeployments.ml.rollouts.dev.yaml")));
        docs.Single()["kind"]!.GetValue<string>().ShouldBe("CustomResourceDefinition");
    }

    [Fact]
    public void Invalid_yaml_is_a_format_error_with_a_position() =>
        Should.Throw<FormatException>(() => YamlDocuments.Parse("a: [1, 2\n")).Message.ShouldContain("line");
}
