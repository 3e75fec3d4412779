using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// The <c>ml.rollouts.dev/applied-hash</c> annotation on every child the operator applies (Deployments, Services,
/// owned HTTPRoutes): a hash of the configuration applied — the rendered object without <c>status</c>, without the
/// annotation itself, and for Deployments without <c>spec.replicas</c> (replicas are applied separately, so an HPA can
/// own them later). A pass applies a child only when the cached child is missing, being deleted, or carries another
/// hash (pure).
/// </summary>
public static class AppliedHash
{
    /// <summary>The annotation's name.</summary>
    public const string Annotation = "ml.rollouts.dev/applied-hash";

    /// <summary>The hash of <paramref name="desired"/>: 32 lowercase hex characters (the first 128 bits of a SHA-256 of its JSON).</summary>
    public static string Compute(IKubernetesObject<V1ObjectMeta> desired)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(desired))!.AsObject();
        node.Remove("status");
        if (node["metadata"]?["annotations"] is JsonObject annotations)
        {
            annotations.Remove(Annotation);
        }

        if (desired is V1Deployment && node["spec"] is JsonObject spec)
        {
            spec.Remove("replicas");
        }

        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(node.ToJsonString()));
        return Convert.ToHexStringLower(bytes, 0, 16);
    }

    /// <summary>Sets the annotation on <paramref name="desired"/> to its hash and returns the hash.</summary>
    public static string Stamp(IKubernetesObject<V1ObjectMeta> desired)
    {
        var hash = Compute(desired);
        desired.Metadata.Annotations ??= new Dictionary<string, string>();
        desired.Metadata.Annotations[Annotation] = hash;
        return hash;
    }

    /// <summary>True when <paramref name="cached"/> exists, is not being deleted and carries <paramref name="hash"/>.</summary>
    public static bool Matches(IKubernetesObject<V1ObjectMeta>? cached, string hash) =>
        cached?.Metadata is { DeletionTimestamp: null } meta &&
        meta.Annotations is { } a && a.TryGetValue(Annotation, out var h) && h == hash;
}
