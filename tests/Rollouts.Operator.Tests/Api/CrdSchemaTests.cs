using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Kube;

namespace Rollouts.Operator.Tests.Api;

/// <summary>Drift between the hand-kept CRD schema and the C# records fails here, in both directions.</summary>
public sealed class CrdSchemaTests
{
    [Fact]
    public void Every_spec_property_is_in_the_schema_and_every_schema_property_is_in_the_spec()
    {
        var problems = new List<string>();
        Compare(typeof(ModelDeploymentSpec), CrdSchema.Property(CrdSchema.Root(), "spec"), "spec", problems);
        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    [Fact]
    public void Every_status_property_is_in_the_schema_and_every_schema_property_is_in_the_status()
    {
        var problems = new List<string>();
        Compare(typeof(ModelDeploymentStatus), CrdSchema.Property(CrdSchema.Root(), "status"), "status", problems);
        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    [Fact]
    public void Printer_columns_show_model_stable_canary_weight_step_phase_age()
    {
        var columns = ((List<object>)CrdSchema.Version()["additionalPrinterColumns"]).Cast<Dictionary<object, object>>().Select(c => (string)c["name"]).ToList();
        columns.ShouldBe(["Model", "Stable", "Canary", "Weight", "Step", "Phase", "Age"]);
    }

    [Fact]
    public void Every_duration_field_uses_the_operator_pattern()
    {
        var lines = File.ReadAllLines(CrdSchema.Path).Where(l => l.Contains("(ms|s|m|h)", StringComparison.Ordinal)).ToList();
        lines.Count.ShouldBe(5); // pause.duration, analysis interval / initialDelay / window, analysis.accuracy.window
        lines.ShouldAllBe(l => l.Contains($"pattern: '{Duration.Pattern}'", StringComparison.Ordinal));
    }

    private static void Compare(Type type, Dictionary<object, object> schema, string path, List<string> problems)
    {
        var schemaProps = schema.TryGetValue("properties", out var p) ? ((Dictionary<object, object>)p).ToDictionary(k => (string)k.Key, k => (Dictionary<object, object>)k.Value) : [];
        var props = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(x => x.GetCustomAttribute<JsonIgnoreAttribute>() is null && x.GetCustomAttribute<JsonExtensionDataAttribute>() is null)
            .ToDictionary(x => x.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(x.Name), x => x.PropertyType);
        foreach (var (name, propType) in props)
        {
            if (!schemaProps.TryGetValue(name, out var sub))
            {
                problems.Add($"{path}.{name}: in {type.Name} but not in the CRD schema");
                continue;
            }

            CompareType(propType, sub, $"{path}.{name}", problems);
        }

        foreach (var name in schemaProps.Keys.Where(n => !props.ContainsKey(n)))
        {
            problems.Add($"{path}.{name}: in the CRD schema but not in {type.Name}");
        }
    }

    private static void CompareType(Type t, Dictionary<object, object> schema, string path, List<string> problems)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        var schemaType = schema.TryGetValue("type", out var st) ? (string)st : null;
        string expected;
        if (t == typeof(string) || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t.IsEnum)
        {
            expected = "string";
        }
        else if (t == typeof(int) || t == typeof(long))
        {
            expected = "integer";
        }
        else if (t == typeof(double))
        {
            expected = "number";
        }
        else if (t == typeof(bool))
        {
            expected = "boolean";
        }
        else if (t == typeof(JsonElement))
        {
            expected = "object";
            if (!schema.ContainsKey("x-kubernetes-preserve-unknown-fields"))
            {
                problems.Add($"{path}: free-form JSON needs x-kubernetes-preserve-unknown-fields");
            }
        }
        else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            expected = "object";
            if (!schema.ContainsKey("additionalProperties"))
            {
                problems.Add($"{path}: a map needs additionalProperties");
            }
        }
        else if (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t))
        {
            expected = "array";
            var element = t.IsArray ? t.GetElementType()! : t.GetGenericArguments()[0];
            if (schema.TryGetValue("items", out var items))
            {
                CompareType(element, (Dictionary<object, object>)items, path + "[]", problems);
            }
            else
            {
                problems.Add($"{path}: array without items");
            }
        }
        else
        {
            expected = "object";
            Compare(t, schema, path, problems);
        }

        if (schemaType != expected)
        {
            problems.Add($"{path}: C# {t.Name} is {expected} but the schema says {schemaType ?? "(none)"}");
        }

        if (t.IsEnum && schema.TryGetValue("enum", out var values))
        {
            var names = ((List<object>)values).Select(v => (string)v).Order().ToList();
            var csharp = Enum.GetNames(t).Order().ToList();
            if (!names.SequenceEqual(csharp))
            {
                problems.Add($"{path}: enum {string.Join(",", csharp)} vs schema {string.Join(",", names)}");
            }
        }
    }
}
