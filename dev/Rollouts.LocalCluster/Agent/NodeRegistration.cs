using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Rollouts.Kube;

namespace Rollouts.LocalCluster.Agent;

/// <summary>Registers a Node object with a Ready condition and an InternalIP, as a kubelet does when it starts.</summary>
public static class NodeRegistration
{
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
