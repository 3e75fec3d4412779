using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Rollouts.Kube;

namespace Rollouts.LocalCluster.Agent;

/// <summary>What both node agents do as kubelet and scheduler: register a Node (Ready, with an InternalIP) and bind pods to it.</summary>
public static class NodeRegistration
{
    /// <summary>Binds <paramref name="pod"/> to <paramref name="nodeName"/> with a core/v1 Binding (POST namespaces/{ns}/bindings, as the scheduler does).</summary>
    /// <returns>True when bound now; false when it was bound or deleted meanwhile (its next event shows the new state).</returns>
    /// <exception cref="KubeApiException">Another API failure.</exception>
    public static async Task<bool> BindAsync(IKubeClient client, V1Pod pod, string nodeName, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = ns },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = nodeName },
        };
        try
        {
            await client.Api.CoreV1.CreateNamespacedBindingAsync(binding, ns, cancellationToken: ct).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e)
        {
            var error = KubeApiException.From(e, "create", $"bindings {ns}/{pod.Metadata.Name}");
            if (error.Reason is StatusReason.Conflict or StatusReason.NotFound or StatusReason.AlreadyExists)
            {
                return false;
            }

            throw error;
        }
    }

    /// <summary>Creates the Node <paramref name="nodeName"/> unless it exists, then merge-patches its status Ready.</summary>
    /// <exception cref="KubeApiException">The API refused the Node or its status.</exception>
    public static async Task RegisterAsync(IKubeClient client, string nodeName, string hostIp, TimeProvider time, CancellationToken ct)
    {
        if (await client.GetAsync<V1Node>(null, nodeName, ct).ConfigureAwait(false) is null)
        {
            var node = new V1Node { Metadata = new V1ObjectMeta { Name = nodeName, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = nodeName } } };
            try
            {
                await client.CreateAsync(node, ct).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == StatusReason.AlreadyExists)
            {
                // Registered concurrently.
            }
        }

        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray
                {
                    new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "LocalAgentReady", ["lastHeartbeatTime"] = now, ["lastTransitionTime"] = now },
                },
                ["addresses"] = new JsonArray { new JsonObject { ["type"] = "InternalIP", ["address"] = hostIp } },
            },
        };
        await client.MergePatchStatusAsync<V1Node>(null, nodeName, status, ct).ConfigureAwait(false);
    }
}
