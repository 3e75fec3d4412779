using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Rollouts.Kube;
using Rollouts.Operator.Host;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// Hands a Deployment's <c>spec.replicas</c> over before the operator applies it without them (an HPA is in charge).
/// Server-side apply removes a field its manager stops sending when no other manager owns it — <c>replicas</c> would
/// fall back to 1 — so first a replicas-only apply under <see cref="FieldManagers.ReplicasHandover"/> co-owns the
/// current value (read live), as Kubernetes' docs describe for handing replicas to an HPA. Not forced: a conflict
/// means another manager (the HPA controller) already owns a different value, and that ownership keeps it.
/// </summary>
public static class ReplicasHandover
{
    /// <summary>Co-owns the current replicas of <paramref name="ns"/>/<paramref name="name"/> under the handover manager; nothing when the Deployment is gone or another manager owns them.</summary>
    /// <exception cref="HttpOperationException">The read or the apply failed otherwise.</exception>
    public static async Task RunAsync(IKubeClient client, string ns, string name, CancellationToken ct)
    {
        var live = await client.GetAsync<V1Deployment>(ns, name, ct).ConfigureAwait(false);
        if (live?.Spec is null)
        {
            return;
        }

        var body = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["replicas"] = live.Spec.Replicas ?? 1 },
        };
        try
        {
            await client.Api.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch), name, ns, fieldManager: FieldManagers.ReplicasHandover, force: false, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Another manager owns another value: it keeps the field when the operator stops sending it.
        }
    }
}
