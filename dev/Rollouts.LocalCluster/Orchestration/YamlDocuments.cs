using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rollouts.LocalCluster.Orchestration;

/// <summary>
/// Converts Kubernetes YAML manifests (one or more <c>---</c>-separated documents) to JSON objects, typing plain
/// scalars as YAML 1.2's core schema does (null, true/false, integers, floats; everything else and every quoted scalar
/// is a string), so numbers stay numbers and <c>"1.0"</c> stays a string.
/// </summary>
public static class YamlDocuments
{
    /// <summary>The non-empty documents of <paramref name="yaml"/> as JSON objects.</summary>
    /// <exception cref="FormatException">Not valid YAML, or a document is not a mapping (message gives the position).</exception>
    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        var result = new List<JsonObject>();
        foreach (var doc in stream.Documents)
        {
            switch (Convert(doc.RootNode))
            {
                case JsonObject o:
                    result.Add(o);
                    break;
                case null:
                    break;
                default:
                    throw new FormatException($"YAML document at line {doc.RootNode.Start.Line} is not a mapping");
            }
        }

        return result;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var v = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(v);
        }

        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && v.Any(char.IsDigit) && !v.Contains(':', StringComparison.Ordinal))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(v);
    }
}
