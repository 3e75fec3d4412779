using System.Text.Json.Serialization;

namespace Rollouts.ModelBuilder.Baselines;

/// <summary>Source-generated JSON for <see cref="Baseline"/>: camelCase names, indented, shortest round-trip numbers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(Baseline))]
public sealed partial class BaselineJsonContext : JsonSerializerContext;
