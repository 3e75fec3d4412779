using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rollouts.Shipping.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Chart;

/// <summary>The chart's files: copies of the repository's sources, values against the schema, template sanity.</summary>
public sealed partial class ChartFileTests
{
    [Fact]
    public void Chart_crd_is_byte_identical_to_the_repository_crd()
    {
        File.ReadAllBytes(ChartFiles.InChart("crds/modeldeployments.ml.rollouts.dev.yaml"))
            .ShouldBe(File.ReadAllBytes(RepositoryPaths.InRepo("crds/modeldeployments.ml.rollouts.dev.yaml")), "run `make chart-sync` (copies crds/ into the chart)");
        Directory.GetFiles(ChartFiles.InChart("crds")).Select(Path.GetFileName)
            .ShouldBe(Directory.GetFiles(RepositoryPaths.InRepo("crds")).Select(Path.GetFileName), ignoreOrder: true);
    }

    [Fact]
    public void Chart_dashboard_is_byte_identical_to_charts_dashboards()
    {
        File.ReadAllBytes(ChartFiles.InChart("dashboards/model-rollouts.json"))
            .ShouldBe(File.ReadAllBytes(RepositoryPaths.InRepo("charts/dashboards/model-rollouts.json")), "run `make chart-sync`");
    }

    [Fact]
    public void Default_values_validate_against_values_schema()
    {
        Validator().Validate(ChartFiles.Values).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("replicaCount", "0", "violates minimum")]
    [InlineData("replicaCount", "\"two\"", "expected integer")]
    [InlineData("image", "{\"repository\": \"x\", \"pullPolicy\": \"Sometimes\"}", "is not one of")]
    [InlineData("prometheus", "{\"address\": \"prometheus:9090\"}", "does not match")]
    [InlineData("watchNamespaces", "[\"Not_A_Namespace\"]", "does not match")]
    [InlineData("leaderElection", "{\"enabled\": \"yes\"}", "expected boolean")]
    [InlineData("serviceMonitor", "{\"enabled\": true, \"interval\": \"soon\"}", "does not match")]
    [InlineData("replicaCont", "2", "unknown property 'replicaCont'")]
    [InlineData("allowedModelUriPrefixes", "[\"models-bucket/\"]", "does not match")]
    [InlineData("allowedModelUriPrefixes", "[\"s3://a/,s3://b/\"]", "does not match")]
    [InlineData("allowedModelUriPrefixes", "\"s3://models/\"", "expected array")]
    public void Schema_refuses_bad_values(string key, string json, string expected)
    {
        var values = ChartFiles.Values;
        values[key] = JsonNode.Parse(json);
        Validator().Validate(values).ShouldContain(e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_requires_the_main_sections()
    {
        var values = ChartFiles.Values;
        values.Remove("image");
        Validator().Validate(values).ShouldContain("$: missing required property 'image'");
    }

    [Fact]
    public void Every_Values_reference_in_the_templates_exists_in_values_yaml()
    {
        var values = ChartFiles.Values;
        var missing = new List<string>();
        foreach (var file in Directory.GetFiles(ChartFiles.InChart("templates")))
        {
            foreach (Match m in ValuesReference().Matches(File.ReadAllText(file)))
            {
                JsonNode? node = values;
                foreach (var part in m.Groups[1].Value.Split('.'))
                {
                    node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child ?? JsonValue.Create("") : null;
                }

                if (node is null)
                {
                    missing.Add($"{Path.GetFileName(file)}: .Values.{m.Groups[1].Value}");
                }
            }
        }

        missing.ShouldBeEmpty();
    }

    [Fact]
    public void Template_actions_are_balanced_in_every_file()
    {
        foreach (var file in Directory.GetFiles(ChartFiles.InChart("templates")))
        {
            var text = File.ReadAllText(file);
            var opens = BlockOpen().Matches(text).Count;
            var ends = BlockEnd().Matches(text).Count;
            ends.ShouldBe(opens, $"{Path.GetFileName(file)}: {opens} if/with/range/define, {ends} end");
        }
    }

    [Fact]
    public void Templates_take_rbac_rules_and_the_dashboard_from_the_shared_files()
    {
        var rbac = File.ReadAllText(ChartFiles.InChart("templates/rbac.yaml"));
        Regex.Count(rbac, @"Files\.Get ""files/operator-rules\.yaml""").ShouldBe(2, "Role (namespaced) and ClusterRole");
        Regex.Count(rbac, @"Files\.Get ""files/leader-election-rules\.yaml""").ShouldBe(1);
        File.ReadAllText(ChartFiles.InChart("templates/dashboard-configmap.yaml")).ShouldContain("Files.Get \"dashboards/model-rollouts.json\"");
    }

    private static Draft07Validator Validator() =>
        new(JsonNode.Parse(File.ReadAllText(ChartFiles.InChart("values.schema.json")))!.AsObject());

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_.]+[A-Za-z0-9_])")]
    private static partial Regex ValuesReference();

    [GeneratedRegex(@"\{\{-?\s*(if|with|range|define)\b")]
    private static partial Regex BlockOpen();

    [GeneratedRegex(@"\{\{-?\s*end\s*-?\}\}")]
    private static partial Regex BlockEnd();
}
