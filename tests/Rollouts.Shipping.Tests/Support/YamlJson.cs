using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rollouts.Shipping.Tests.Support;

/// <summary>Reads YAML (one or many documents) into JSON nodes, typing plain scalars by the YAML 1.2 core schema.</summary>
public static partial class YamlJson
{
    /// <summary>Every non-empty document of <paramref name="yaml"/>.</summary>
    public static IReadOnlyList<JsonNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: null or "" }).Select(d => Convert(d.RootNode)!).ToList();
    }

    /// <summary>The single document of <paramref name="yaml"/>.</summary>
    public static JsonNode Document(string yaml) => Documents(yaml).Single();

    /// <summary>Converts one YAML node.</summary>
    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } p => Plain(p.Value ?? ""),
        YamlScalarNode q => JsonValue.Create(q.Value ?? ""),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonNode? Plain(string v)
    {
        if (v is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (v is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (v is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (IntPattern().IsMatch(v))
        {
            return JsonNode.Parse(long.Parse(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        if (FloatPattern().IsMatch(v))
        {
            return JsonNode.Parse(double.Parse(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(v);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
