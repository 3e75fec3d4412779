using System.Globalization;
using System.Text.Json.Nodes;

namespace Rollouts.BenchOperator;

/// <summary>
/// The ModelDeployment the benchmark creates: canary strategy with replica-ratio routing (no <c>trafficRouting</c>),
/// <c>replicas: 1</c>, steps <c>setWeight: 50</c>, <c>pause: {duration: 30s}</c>; model <c>iris</c> from a <c>file://</c>
/// URI of the repository's sample models (see samples/iris-replica-ratio.yaml and docs/api.md).
/// </summary>
public static class ModelDeploymentManifest
{
    /// <summary>API group.</summary>
    public const string Group = "ml.rollouts.dev";

    /// <summary>API version.</summary>
    public const string Version = "v1alpha1";

    /// <summary>Resource (plural).</summary>
    public const string Plural = "modeldeployments";

    /// <summary>Label on every benchmark object.</summary>
    public const string BenchLabel = "bench.rollouts.dev/run";

    /// <summary>Namespace of the object with index <paramref name="i"/> (round robin over <paramref name="namespaces"/>).</summary>
    public static string Namespace(int i, int namespaces) => "bench-" + (i % namespaces).ToString(CultureInfo.InvariantCulture);

    /// <summary>Name of the object with index <paramref name="i"/>: <c>m00042</c>.</summary>
    public static string Name(int i) => "m" + i.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The model URI of sample model <paramref name="model"/> (e.g. "iris-v1") under <paramref name="repo"/>.</summary>
    public static string ModelUri(string repo, string model) =>
        new Uri(Path.Combine(repo, "samples", "models", model, "model.onnx")).AbsoluteUri;

    /// <summary>The manifest as JSON, ready for a create request.</summary>
    public static JsonObject Build(string ns, string name, string modelVersion, string modelUri) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}",
        ["kind"] = "ModelDeployment",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { [BenchLabel] = "operator" },
        },
        ["spec"] = new JsonObject
        {
            ["model"] = Model(modelVersion, modelUri),
            ["serving"] = new JsonObject { ["replicas"] = 1 },
            ["strategy"] = new JsonObject
            {
                ["canary"] = new JsonObject
                {
                    ["steps"] = new JsonArray(
                        new JsonObject { ["setWeight"] = 50 },
                        new JsonObject { ["pause"] = new JsonObject { ["duration"] = "30s" } }),
                },
            },
        },
    };

    /// <summary>A JSON merge patch that changes the model's version and URI (a new revision: starts a rollout).</summary>
    public static JsonObject ModelPatch(string modelVersion, string modelUri) => new()
    {
        ["spec"] = new JsonObject { ["model"] = Model(modelVersion, modelUri) },
    };

    private static JsonObject Model(string version, string uri) => new() { ["name"] = "iris", ["version"] = version, ["uri"] = uri };
}
