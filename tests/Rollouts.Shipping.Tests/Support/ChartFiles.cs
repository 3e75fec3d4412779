using System.Text.Json.Nodes;
using Rollouts.Testing;

namespace Rollouts.Shipping.Tests.Support;

/// <summary>Paths and parsed pieces of charts/model-rollouts and charts/install.yaml.</summary>
public static class ChartFiles
{
    /// <summary>charts/model-rollouts.</summary>
    public static string Chart => RepositoryPaths.InRepo("charts/model-rollouts");

    /// <summary>A file of the chart.</summary>
    public static string InChart(string relative) => Path.Combine(Chart, relative);

    /// <summary>values.yaml as JSON.</summary>
    public static JsonObject Values => YamlJson.Document(File.ReadAllText(InChart("values.yaml"))).AsObject();

    /// <summary>Chart.yaml's appVersion.</summary>
    public static string AppVersion => (string)YamlJson.Document(File.ReadAllText(InChart("Chart.yaml")))["appVersion"]!;

    /// <summary>A rules file of the chart (files/NAME-rules.yaml) as JSON.</summary>
    public static JsonArray Rules(string name) => YamlJson.Document(File.ReadAllText(InChart($"files/{name}-rules.yaml"))).AsArray();

    /// <summary>Every document of charts/install.yaml.</summary>
    public static IReadOnlyList<JsonNode> InstallManifest => YamlJson.Documents(File.ReadAllText(RepositoryPaths.InRepo("charts/install.yaml")));

    /// <summary>The object of <paramref name="kind"/> (and <paramref name="name"/> when given) in install.yaml.</summary>
    public static JsonObject InstallObject(string kind, string? name = null) =>
        InstallManifest.Single(d => (string?)d["kind"] == kind && (name is null || (string?)d["metadata"]!["name"] == name)).AsObject();
}
