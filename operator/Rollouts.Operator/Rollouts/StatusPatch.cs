using System.Text.Json.Nodes;
using k8s;
using Rollouts.Api;
using Rollouts.Api.Status;
using Rollouts.Kube;

namespace Rollouts.Operator.Rollouts;

/// <summary>The one status write of a pass.</summary>
public static class StatusPatch
{
    /// <summary>
    /// Writes <paramref name="status"/> when it differs from <paramref name="mdep"/>'s: a merge patch of the status
    /// subresource (explicit nulls remove what the new status no longer has), conditional on <paramref name="mdep"/>'s
    /// resourceVersion. Not server-side apply: on v1.20, SSA of a CRD's status turned removed nested fields into nulls
    /// the schema refuses ("must be of type object").
    /// </summary>
    /// <returns>True when it wrote; false when the status was unchanged.</returns>
    /// <exception cref="KubeApiException">Refused; <see cref="StatusReason.Conflict"/> when the object changed since it was read (plan again).</exception>
    public static async Task<bool> WriteAsync(IKubeClient client, ModelDeployment mdep, ModelDeploymentStatus status, CancellationToken ct)
    {
        var before = mdep.Status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(mdep.Status))!.AsObject();
        var after = JsonNode.Parse(KubernetesJson.Serialize(status))!.AsObject();
        if (before is not null && JsonNode.DeepEquals(before, after))
        {
            return false;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = mdep.Metadata.ResourceVersion },
            ["status"] = JsonMergePatch.Create(before, after),
        };
        await client.MergePatchStatusAsync<ModelDeployment>(mdep.Metadata.NamespaceProperty, mdep.Metadata.Name!, patch, ct).ConfigureAwait(false);
        return true;
    }
}
