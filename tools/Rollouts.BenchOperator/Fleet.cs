using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Rollouts.BenchOperator;

/// <summary>What the convergence poll reads of one ModelDeployment.</summary>
/// <param name="Namespace">metadata.namespace.</param>
/// <param name="Name">metadata.name.</param>
/// <param name="Generation">metadata.generation.</param>
/// <param name="ObservedGeneration">status.observedGeneration (null: no status yet).</param>
/// <param name="StableRevision">status.stableRevision.</param>
/// <param name="CanaryRevision">status.canaryRevision.</param>
/// <param name="Phase">status.phase (null: none yet).</param>
public sealed record ObjectState(string Namespace, string Name, long Generation, long? ObservedGeneration, string? StableRevision, string? CanaryRevision, string? Phase = null)
{
    /// <summary>The operator has acted on the current spec: status.observedGeneration == metadata.generation.</summary>
    public bool Observed => ObservedGeneration == Generation;
}

/// <summary>
/// The benchmark's own work on the API server, through KubernetesClient with the admin kubeconfig: installs the CRD,
/// creates the namespaces and N ModelDeployments (bounded parallel creates), lists them for the convergence poll
/// (pages of 500), and edits every model at once.
/// </summary>
public sealed class Fleet(IKubernetes kube, BenchOptions options, TimeProvider time)
{
    private const int PageSize = 500;

    /// <summary>Creates the CRD from <paramref name="crdPath"/> and waits until it is Established (60 s at most).</summary>
    /// <exception cref="TimeoutException">Not established in time.</exception>
    public async Task InstallCrdAsync(string crdPath, CancellationToken ct)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(crdPath, ct).ConfigureAwait(false));
        await kube.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct).ConfigureAwait(false);
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
        {
            var now = await kube.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: ct).ConfigureAwait(false);
            if (now.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct).ConfigureAwait(false);
        }

        throw new TimeoutException($"CRD {crd.Metadata.Name} was not Established within 60 s");
    }

    /// <summary>Creates namespaces bench-0 … bench-K-1.</summary>
    public async Task CreateNamespacesAsync(CancellationToken ct)
    {
        for (var i = 0; i < options.Namespaces; i++)
        {
            var ns = new V1Namespace { Metadata = new V1ObjectMeta { Name = ModelDeploymentManifest.Namespace(i, options.Namespaces) } };
            await kube.CoreV1.CreateNamespaceAsync(ns, cancellationToken: ct).ConfigureAwait(false);
        }
    }

    /// <summary>Creates the N ModelDeployments, <see cref="BenchOptions.Parallel"/> requests at a time (an object already there counts as created).</summary>
    public Task CreateAllAsync(string modelVersion, string modelUri, CancellationToken ct) =>
        Parallel.ForEachAsync(Enumerable.Range(0, options.Count), Limits(ct), async (i, token) =>
        {
            var ns = ModelDeploymentManifest.Namespace(i, options.Namespaces);
            var body = ModelDeploymentManifest.Build(ns, ModelDeploymentManifest.Name(i), modelVersion, modelUri);
            try
            {
                await kube.CustomObjects.CreateNamespacedCustomObjectAsync(body, ModelDeploymentManifest.Group, ModelDeploymentManifest.Version, ns, ModelDeploymentManifest.Plural, cancellationToken: token).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // created by an earlier attempt of the same request
            }
        });

    /// <summary>Changes every object's model (JSON merge patch of spec.model), <see cref="BenchOptions.Parallel"/> at a time.</summary>
    public Task EditAllAsync(string modelVersion, string modelUri, CancellationToken ct)
    {
        var patch = new V1Patch(ModelDeploymentManifest.ModelPatch(modelVersion, modelUri).ToJsonString(), V1Patch.PatchType.MergePatch);
        return Parallel.ForEachAsync(Enumerable.Range(0, options.Count), Limits(ct), async (i, token) =>
            await kube.CustomObjects.PatchNamespacedCustomObjectAsync(patch, ModelDeploymentManifest.Group, ModelDeploymentManifest.Version,
                ModelDeploymentManifest.Namespace(i, options.Namespaces), ModelDeploymentManifest.Plural, ModelDeploymentManifest.Name(i), cancellationToken: token).ConfigureAwait(false));
    }

    /// <summary>Every benchmark ModelDeployment in all namespaces: one list request per 500 objects.</summary>
    public async Task<IReadOnlyList<ObjectState>> ListAsync(CancellationToken ct)
    {
        var result = new List<ObjectState>(options.Count);
        string? next = null;
        do
        {
            var page = (JsonElement)await kube.CustomObjects.ListClusterCustomObjectAsync(
                ModelDeploymentManifest.Group, ModelDeploymentManifest.Version, ModelDeploymentManifest.Plural,
                continueParameter: next, labelSelector: ModelDeploymentManifest.BenchLabel, limit: PageSize, cancellationToken: ct).ConfigureAwait(false);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                result.Add(State(item));
            }

            next = page.TryGetProperty("metadata", out var m) && m.TryGetProperty("continue", out var c) && c.GetString() is { Length: > 0 } token ? token : null;
        }
        while (next is not null);
        return result;
    }

    private static ObjectState State(JsonElement item)
    {
        var meta = item.GetProperty("metadata");
        item.TryGetProperty("status", out var status);
        return new ObjectState(
            meta.GetProperty("namespace").GetString() ?? "",
            meta.GetProperty("name").GetString() ?? "",
            meta.TryGetProperty("generation", out var g) ? g.GetInt64() : 0,
            Long(status, "observedGeneration"),
            Str(status, "stableRevision"),
            Str(status, "canaryRevision"),
            Str(status, "phase"));
    }

    private static long? Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private ParallelOptions Limits(CancellationToken ct) => new() { MaxDegreeOfParallelism = options.Parallel, CancellationToken = ct };
}
