using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>CustomResourceDefinitionSpec: names, scope and versions (schemas kept raw).</summary>
public sealed class CustomResourceDefinitionSpec
{
    /// <summary>API group, e.g. <c>ml.rollouts.dev</c>.</summary>
    public string Group { get; set; } = "";

    /// <summary>Names (plural, singular, kind, shortNames).</summary>
    public CustomResourceDefinitionNames Names { get; set; } = new();

    /// <summary>Namespaced or Cluster.</summary>
    public string Scope { get; set; } = "Namespaced";

    /// <summary>Served versions (each with a raw schema, subresources and printer columns).</summary>
    public List<JsonElement> Versions { get; set; } = [];

    /// <summary>Unmodelled fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
