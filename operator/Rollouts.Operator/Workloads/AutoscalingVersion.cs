using k8s;
using Rollouts.Kube;

namespace Rollouts.Operator.Workloads;

/// <summary>
/// Which HorizontalPodAutoscaler version the API server serves: <see cref="V2"/> where it has it (Kubernetes ≥ 1.23),
/// else <see cref="V2beta2"/> (1.20–1.25). Discovered once, from the <c>autoscaling</c> group's discovery document
/// (readable by every authenticated client; no RBAC needed); a failed discovery is retried at the next use.
/// </summary>
public sealed class AutoscalingVersion
{
    /// <summary><c>autoscaling/v2</c>.</summary>
    public const string V2 = "v2";

    /// <summary><c>autoscaling/v2beta2</c>.</summary>
    public const string V2beta2 = "v2beta2";

    private readonly Lock sync = new();
    private Task<string>? discovery;

    /// <summary>The version to write HPAs in: v2 when the server lists it in the autoscaling group, else v2beta2.</summary>
    /// <remarks>A failure of the discovery request propagates (KubernetesClient's exception) and is retried at the next call.</remarks>
    public Task<string> GetAsync(IKubeClient client, CancellationToken ct)
    {
        lock (sync)
        {
            if (discovery is null || discovery.IsFaulted || discovery.IsCanceled)
            {
                discovery = DiscoverAsync(client, ct);
            }

            return discovery;
        }
    }

    private static async Task<string> DiscoverAsync(IKubeClient client, CancellationToken ct)
    {
        var group = await client.Api.Autoscaling.GetAPIGroupAsync(ct).ConfigureAwait(false);
        return group.Versions.Any(v => v.Version == V2) ? V2 : V2beta2;
    }
}
