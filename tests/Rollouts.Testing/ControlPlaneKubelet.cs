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
    public static async Task<Pod> MarkPodAsync(IKubeClient client, string ns, string name, string podIp, bool ready, CancellationToken ct)
    {
        var pod = await client.GetAsync<Pod>(ns, name, ct).ConfigureAwait(false)
            ?? throw new KubeApiException(new KubeStatus { Code = 404, Reason = "NotFound", Message = $"pod {ns}/{name} not found" }, "get", $"pods/{name}");
        var now = DateTimeOffset.UtcNow;
        var status = ready ? ConditionStatus.True : ConditionStatus.False;
        return await client.ApplyStatusAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns },
            Status = new PodStatus
            {
                Phase = "Running",
                PodIP = podIp,
                HostIP = "127.0.0.1",
                StartTime = pod.Status?.StartTime ?? now,
                Conditions =
                [
                    new PodCondition { Type = "Initialized", Status = ConditionStatus.True, LastTransitionTime = now },
                    new PodCondition { Type = "ContainersReady", Status = status, LastTransitionTime = now },
                    new PodCondition { Type = "Ready", Status = status, LastTransitionTime = now },
                ],
                ContainerStatuses = [.. (pod.Spec?.Containers ?? []).Select(c => new ContainerStatus
                {
                    Name = c.Name,
                    Image = c.Image,
                    Ready = ready,
                    Started = true,
                    RestartCount = 0,
                    State = System.Text.Json.JsonSerializer.SerializeToElement(new { running = new { startedAt = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) } }),
                })],
            },
        }, new ApplyOptions(FieldManager, Force: true), ct).ConfigureAwait(false);
    }

    /// <summary>Marks every pod matching <paramref name="labelSelector"/> ready, with loopback IPs 127.0.0.N.</summary>
    /// <returns>The number of pods marked.</returns>
    public static async Task<int> MarkPodsReadyAsync(IKubeClient client, string ns, string labelSelector, CancellationToken ct)
    {
        var pods = await client.ListAllAsync<Pod>(ns, labelSelector, ct).ConfigureAwait(false);
        var n = 0;
        foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            n++;
            await MarkPodAsync(client, ns, pod.Metadata.Name!, $"127.0.0.{1 + (n % 250)}", ready: true, ct).ConfigureAwait(false);
        }

        return n;
    }
}
