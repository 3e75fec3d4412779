using System.Text.Json.Nodes;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Samples;

/// <summary>samples/argocd: the Applications point at real paths and valid values.</summary>
public sealed class ArgoCdSampleTests
{
    private static JsonObject Load(string file) => YamlJson.Document(File.ReadAllText(RepositoryPaths.InRepo($"samples/argocd/{file}"))).AsObject();

    [Theory]
    [InlineData("application.yaml")]
    [InlineData("operator-application.yaml")]
    public void Application_source_path_exists_in_the_repository(string file)
    {
        var app = Load(file);
        ((string)app["kind"]!).ShouldBe("Application");
        ((string)app["apiVersion"]!).ShouldBe("argoproj.io/v1alpha1");
        Directory.Exists(RepositoryPaths.InRepo((string)app["spec"]!["source"]!["path"]!)).ShouldBeTrue();
    }

    [Fact]
    public void Application_needs_no_ignoreDifferences()
    {
        Load("application.yaml")["spec"]!.AsObject().ContainsKey("ignoreDifferences").ShouldBeFalse();
    }

    [Fact]
    public void Operator_application_values_validate_against_the_chart_schema()
    {
        var values = ChartFiles.Values;
        Merge(values, Load("operator-application.yaml")["spec"]!["source"]!["helm"]!["valuesObject"]!.AsObject());
        var schema = JsonNode.Parse(File.ReadAllText(ChartFiles.InChart("values.schema.json")))!.AsObject();
        new Draft07Validator(schema).Validate(values).ShouldBeEmpty();
    }

    /// <summary>Helm's value merge: maps merge key by key, anything else replaces.</summary>
    private static void Merge(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, value) in overlay.ToList())
        {
            if (value is JsonObject o && target[key] is JsonObject t)
            {
                Merge(t, o);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
