using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Api;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// The revision hash: 10 hex digits of SHA-256 over the canonical JSON of what defines a revision's pods — the
/// model (name, version, uri, sha256, baselineUri) and the serving image, resources, batching, pod template, gRPC,
/// auth and S3 settings (absent ones add nothing, so hashes from before they existed stay the same). Replicas,
/// autoscaling, strategy, routing and analysis are not part of it (changing them starts no rollout).
/// </summary>
public static class RevisionHasher
{
    /// <summary>Length of the hash in hex digits.</summary>
    public const int Length = 10;

    // The JSON settings the hash has always been computed with (camelCase, nulls omitted, no escaping of '+', '<', '&'
    // or non-ASCII): a different serializer would change every hash, and an upgraded operator would take its own
    // Deployments for a new revision.
    private static readonly JsonSerializerOptions HashJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The revision hash of <paramref name="spec"/> with <paramref name="image"/> the effective serving image.</summary>
    public static string Compute(ModelDeploymentSpec spec, string image)
    {
        var identity = new
        {
            model = spec.Model,
            image,
            resources = spec.Serving?.Resources,
            batching = spec.Serving?.Batching,
            podTemplate = spec.Serving?.PodTemplate,
            grpc = spec.Serving?.Grpc,
            auth = spec.Serving?.Auth,
            s3 = spec.Serving?.S3,
        };
        var json = Canonical(JsonSerializer.SerializeToElement(identity, HashJson));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(json));
        return Convert.ToHexStringLower(hash)[..Length];
    }

    private static string Canonical(JsonElement element)
    {
        var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, element);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(p.Name);
                    Write(writer, p.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var e in element.EnumerateArray())
                {
                    Write(writer, e);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>The effective serving image: spec.serving.image unless empty, else <paramref name="defaultImage"/>.</summary>
    public static string EffectiveImage(ModelDeploymentSpec spec, string defaultImage) =>
        string.IsNullOrWhiteSpace(spec.Serving?.Image) ? defaultImage : spec.Serving!.Image!;
}
