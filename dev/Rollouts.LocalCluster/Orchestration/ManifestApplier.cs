using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Rollouts.Api;
using Rollouts.Kube;

namespace Rollouts.LocalCluster.Orchestration;

/// <summary>
/// Applies manifests (server-side apply, field manager <see cref="FieldManager"/>, forced) — what
/// <c>kubectl apply --server-side -f</c> does, for the kinds the demo and tests use: Namespace,
/// CustomResourceDefinition, ModelDeployment. Manifests may be templates: each <c>{{name}}</c> is replaced by the
/// variable of that name (e.g. <c>{{repo}}</c>, the repository root, so sample model URIs can name local files).
/// A ModelDeployment that already exists is the exception: its spec is replaced by a merge patch that deletes what the
/// manifest leaves out (<see cref="MergePatchTo"/>), because kube-apiserver 1.20's server-side apply cannot remove an
/// object field of a custom resource (see <c>ApplyModelDeploymentAsync</c>).
/// </summary>
/// <param name="client">Kubernetes client; its field manager should be <see cref="FieldManager"/>.</param>
public sealed class ManifestApplier(IKubeClient client)
{
    /// <summary>The field manager of the applies.</summary>
    public const string FieldManager = "rollouts-demo";

    /// <summary>Applies every document of <paramref name="yaml"/> in order.</summary>
    /// <param name="yaml">Manifest text.</param>
    /// <param name="variables">Template variables (name without braces → value).</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>"kind/name" of each applied object.</returns>
    /// <exception cref="FormatException">Bad YAML, a template variable without a value, or an unsupported kind.</exception>
    /// <exception cref="KubeApiException">The API refused an object.</exception>
    public async Task<IReadOnlyList<string>> ApplyAsync(string yaml, IReadOnlyDictionary<string, string> variables, CancellationToken ct)
    {
        var applied = new List<string>();
        foreach (var doc in YamlDocuments.Parse(Render(yaml, variables)))
        {
            var kind = doc["kind"]?.GetValue<string>() ?? throw new FormatException("a manifest has no kind");
            var name = doc["metadata"]?["name"]?.GetValue<string>() ?? "";
            switch (kind)
            {
                case "Namespace":
                    await ApplyTypedAsync<V1Namespace>(doc, ct).ConfigureAwait(false);
                    break;
                case "CustomResourceDefinition":
                    await ApplyTypedAsync<V1CustomResourceDefinition>(doc, ct).ConfigureAwait(false);
                    break;
                case ModelDeployment.KindName:
                    await ApplyModelDeploymentAsync(doc, ct).ConfigureAwait(false);
                    break;
                default:
                    throw new FormatException($"manifest kind {kind} is not supported by the demo's applier");
            }

            applied.Add($"{kind}/{name}");
        }

        return applied;
    }

    /// <summary>Applies every <c>*.yaml</c> file of <paramref name="folder"/> in name order.</summary>
    public async Task<IReadOnlyList<string>> ApplyFolderAsync(string folder, IReadOnlyDictionary<string, string> variables, CancellationToken ct)
    {
        var applied = new List<string>();
        foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            applied.AddRange(await ApplyAsync(await File.ReadAllTextAsync(file, ct).ConfigureAwait(false), variables, ct).ConfigureAwait(false));
        }

        return applied;
    }

    /// <summary>
    /// Replaces every <c>{{name}}</c> of <paramref name="template"/> by its variable. With no variables the text is
    /// not a template and is returned as is (a CRD may mention <c>{{window}}</c> in a description).
    /// </summary>
    /// <exception cref="FormatException">A placeholder has no variable (message names it).</exception>
    public static string Render(string template, IReadOnlyDictionary<string, string> variables)
    {
        if (variables.Count == 0)
        {
            return template;
        }

        var text = template;
        foreach (var (name, value) in variables)
        {
            text = text.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
        }

        var open = text.IndexOf("{{", StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = text.IndexOf("}}", open, StringComparison.Ordinal);
            throw new FormatException($"manifest template variable {text[open..(close < 0 ? Math.Min(text.Length, open + 20) : close + 2)]} has no value");
        }

        return text;
    }

    /// <summary>
    /// The JSON merge patch (RFC 7386) that turns <paramref name="live"/> into <paramref name="desired"/>: the desired
    /// members, and null for every member of a live object that the desired object lacks, at any depth of nested
    /// objects (arrays and values are replaced whole).
    /// </summary>
    public static JsonNode? MergePatchTo(JsonNode? live, JsonNode? desired)
    {
        if (live is not JsonObject l || desired is not JsonObject d)
        {
            return desired?.DeepClone();
        }

        var patch = new JsonObject();
        foreach (var (key, value) in d)
        {
            patch[key] = MergePatchTo(l.TryGetPropertyValue(key, out var current) ? current : null, value);
        }

        foreach (var (key, _) in l)
        {
            if (!d.ContainsKey(key))
            {
                patch[key] = null;
            }
        }

        return patch;
    }

    private async Task ApplyTypedAsync<T>(JsonObject doc, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var obj = KubernetesJson.Deserialize<T>(doc) ?? throw new FormatException($"manifest is not a {typeof(T).Name}");
        await client.ApplyAsync(obj, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A ModelDeployment that exists gets its spec replaced by a merge patch (<see cref="MergePatchTo"/>), plus the
    /// manifest's labels and annotations; a new one is created by server-side apply. kube-apiserver 1.20's
    /// server-side apply turns an object field that the manager applied before and now leaves out into null, not
    /// into nothing, which the CRD's schema refuses (kubernetes/kubernetes#103011,
    /// kubernetes-sigs/structured-merge-diff#171): a scenario whose manifest drops a check could not be applied.
    /// A merge patch deletes whatever the manifest leaves out, whoever owned it, as a person's manifest means.
    /// </summary>
    private async Task ApplyModelDeploymentAsync(JsonObject doc, CancellationToken ct)
    {
        var obj = KubernetesJson.Deserialize<ModelDeployment>(doc) ?? throw new FormatException("manifest is not a ModelDeployment");
        var ns = obj.Metadata?.NamespaceProperty;
        var name = obj.Metadata?.Name ?? "";
        var live = await client.GetAsync<ModelDeployment>(ns, name, ct).ConfigureAwait(false);
        if (live is null)
        {
            await client.ApplyAsync(obj, ct).ConfigureAwait(false);
            return;
        }

        var metadata = new JsonObject();
        foreach (var key in (string[])["labels", "annotations"])
        {
            if (doc["metadata"]?[key] is JsonObject map)
            {
                metadata[key] = map.DeepClone();
            }
        }

        var patch = new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = MergePatchTo(JsonNode.Parse(KubernetesJson.Serialize(live))?["spec"], doc["spec"] ?? new JsonObject()),
        };
        await client.MergePatchAsync<ModelDeployment>(ns, name, patch, ct).ConfigureAwait(false);
    }
}
