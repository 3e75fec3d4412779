using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Rollouts.Shipping.Tests.Support;

/// <summary>
/// A JSON Schema draft-07 validator for the keywords values.schema.json uses (type, properties, additionalProperties,
/// required, enum, pattern, minLength, maxLength, minimum, maximum, items, $ref to #/definitions). Any other keyword
/// is refused, so the schema cannot silently rely on something this validator does not check
/// (JsonSchema.Net and NJsonSchema cannot be restored here).
/// </summary>
public sealed class Draft07Validator(JsonObject root)
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "definitions", "default", "examples"];

    /// <summary>Every violation, as "path: problem"; empty when <paramref name="instance"/> is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        Check(root, instance, "$", errors);
        return errors;
    }

    private void Check(JsonObject schema, JsonNode? value, string path, List<string> errors)
    {
        foreach (var (keyword, arg) in schema)
        {
            switch (keyword)
            {
                case var a when Annotations.Contains(a):
                    break;
                case "$ref":
                    Check(Resolve((string)arg!), value, path, errors);
                    break;
                case "type":
                    var types = arg is JsonArray ta ? ta.Select(t => (string)t!).ToArray() : [(string)arg!];
                    if (!types.Any(t => IsType(value, t)))
                    {
                        errors.Add($"{path}: expected {string.Join(" or ", types)}, got {Describe(value)}");
                    }

                    break;
                case "properties":
                    if (value is JsonObject obj)
                    {
                        foreach (var (name, sub) in arg!.AsObject())
                        {
                            if (obj.TryGetPropertyValue(name, out var v))
                            {
                                Check(sub!.AsObject(), v, $"{path}.{name}", errors);
                            }
                        }
                    }

                    break;
                case "additionalProperties":
                    if (value is JsonObject o)
                    {
                        var known = schema["properties"]?.AsObject().Select(p => p.Key).ToHashSet() ?? [];
                        foreach (var (name, v) in o.Where(p => !known.Contains(p.Key)))
                        {
                            if (arg is JsonValue b && b.GetValue<bool>() == false)
                            {
                                errors.Add($"{path}: unknown property '{name}'");
                            }
                            else if (arg is JsonObject sub)
                            {
                                Check(sub, v, $"{path}.{name}", errors);
                            }
                        }
                    }

                    break;
                case "required":
                    if (value is JsonObject r)
                    {
                        foreach (var name in arg!.AsArray().Select(n => (string)n!).Where(n => !r.ContainsKey(n)))
                        {
                            errors.Add($"{path}: missing required property '{name}'");
                        }
                    }

                    break;
                case "enum":
                    if (!arg!.AsArray().Any(e => JsonNode.DeepEquals(e, value)))
                    {
                        errors.Add($"{path}: {value?.ToJsonString()} is not one of {arg.ToJsonString()}");
                    }

                    break;
                case "pattern":
                    if (value is JsonValue sv && sv.TryGetValue<string>(out var s) && !Regex.IsMatch(s, (string)arg!))
                    {
                        errors.Add($"{path}: '{s}' does not match {(string)arg!}");
                    }

                    break;
                case "minLength" or "maxLength":
                    if (value is JsonValue lv && lv.TryGetValue<string>(out var ls))
                    {
                        var limit = arg!.GetValue<int>();
                        if (keyword == "minLength" ? ls.Length < limit : ls.Length > limit)
                        {
                            errors.Add($"{path}: length {ls.Length} violates {keyword} {limit}");
                        }
                    }

                    break;
                case "minimum" or "maximum":
                    if (IsType(value, "number"))
                    {
                        var n = value!.GetValue<double>();
                        var limit = arg!.GetValue<double>();
                        if (keyword == "minimum" ? n < limit : n > limit)
                        {
                            errors.Add($"{path}: {n.ToString(CultureInfo.InvariantCulture)} violates {keyword} {limit.ToString(CultureInfo.InvariantCulture)}");
                        }
                    }

                    break;
                case "items":
                    if (value is JsonArray arr)
                    {
                        for (var i = 0; i < arr.Count; i++)
                        {
                            Check(arg!.AsObject(), arr[i], $"{path}[{i}]", errors);
                        }
                    }

                    break;
                default:
                    throw new NotSupportedException($"schema keyword '{keyword}' at {path} is not supported by this validator");
            }
        }
    }

    private JsonObject Resolve(string reference)
    {
        const string prefix = "#/definitions/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"$ref {reference}: only {prefix}... is supported");
        }

        return root["definitions"]?[reference[prefix.Length..]]?.AsObject() ?? throw new InvalidOperationException($"$ref {reference} not found");
    }

    private static bool IsType(JsonNode? v, string type) => type switch
    {
        "null" => v is null,
        "object" => v is JsonObject,
        "array" => v is JsonArray,
        "string" => v is JsonValue s && s.TryGetValue<string>(out _),
        "boolean" => v is JsonValue b && b.TryGetValue<bool>(out _),
        "number" => v is JsonValue n && n.TryGetValue<double>(out _),
        "integer" => v is JsonValue i && i.TryGetValue<double>(out var d) && Math.Floor(d) == d,
        _ => throw new NotSupportedException($"type {type}"),
    };

    private static string Describe(JsonNode? v) => v switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => v.ToJsonString(),
    };
}
