using k8s;
using k8s.Autorest;
using k8s.Models;
using Rollouts.Kube;

namespace Rollouts.Testing;

/// <summary>
/// Stands in for the kubelet the local control plane lacks: writes pod status through the status subresource
/// (server-side apply, field manager <c>fake-kubelet</c>), so Deployments count the pods as ready and available.
/// Pod IPs may be loopback addresses here; note that Endpoints/EndpointSlices would refuse them (v1.20).
/// </summary>
public static class ControlPlaneKubelet
{
    /// <summary>The field manager of the status writes.</summary>
    public const string FieldManager = "fake-kubelet";

    /// <summary>Marks a pod Running with <paramref name="podIp"/> and every container (by the spec's names) ready or not.</summary>
    /// <returns>The pod as stored.</returns>
    /// <exception cref="KubeApiException">NotFound when the pod does not exist.</exception>
    public static async Task<V1Pod> MarkPodAsync(IKubeClient client, string ns, string name, string podIp, bool ready, CancellationToken ct)
    {
        var pod = await client.GetAsync<V1Pod>(ns, name, ct).ConfigureAwait(false)
            ?? throw new KubeApiException(new V1Status { Code = 404, Reason = "NotFound", Message = $"pod {ns}/{name} not found" }, "get", $"pods {ns}/{name}");
        var now = DateTime.UtcNow;
        var status = ready ? ConditionStatus.True : ConditionStatus.False;
        var patch = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Status = new V1PodStatus
            {
                Phase = "Running",
                PodIP = podIp,
                HostIP = "127.0.0.1",
                StartTime = pod.Status?.StartTime ?? now,
                Conditions =
                [
                    new V1PodCondition { Type = "Initialized", Status = ConditionStatus.True, LastTransitionTime = now },
                    new V1PodCondition { Type = "ContainersReady", Status = status, LastTransitionTime = now },
                    new V1PodCondition { Type = "Ready", Status = status, LastTransitionTime = now },
                ],
                ContainerStatuses = [.. (pod.Spec?.Containers ?? []).Select(c => new V1ContainerStatus
                {
                    Name = c.Name,
                    Image = c.Image,
                    ImageID = "",
                    Ready = ready,
                    Started = true,
                    RestartCount = 0,
                    State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } },
                })],
            },
        };
        try
        {
            return await client.Api.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.ApplyPatch), name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw KubeApiException.From(e, "apply", $"pods/status {ns}/{name}");
        }
    }

    /// <summary>Marks every pod matching <paramref name="labelSelector"/> ready, with loopback IPs 127.0.0.N.</summary>
    /// <returns>The number of pods marked.</returns>
    public static async Task<int> MarkPodsReadyAsync(IKubeClient client, string ns, string labelSelector, CancellationToken ct)
    {
        var pods = await client.ListAllAsync<V1Pod>(ns, labelSelector, ct).ConfigureAwait(false);
        var n = 0;
        foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            n++;
            await MarkPodAsync(client, ns, pod.Metadata.Name!, $"127.0.0.{1 + (n % 250)}", ready: true, ct).ConfigureAwait(false);
        }

        return n;
    }
}
