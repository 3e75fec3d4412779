using System.Text.Json.Serialization;

namespace Rollouts.Serving.Drift;

/// <summary>Source-generated JSON metadata for <see cref="Baseline"/> (camelCase property names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(Baseline))]
public sealed partial class BaselineJsonContext : JsonSerializerContext;
