using k8s;
using k8s.Models;

namespace Rollouts.Kube;

/// <summary>Helpers over <see cref="IKubeClient"/>.</summary>
public static class KubeClientExtensions
{
    /// <summary>Lists every page (limit/continue) and returns all items.</summary>
    /// <exception cref="KubeApiException">API failure (Gone when a continue token expired mid-way).</exception>
    public static async Task<List<T>> ListAllAsync<T>(this IKubeClient client, string? ns, string? labelSelector, CancellationToken ct, int pageSize = 500)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var all = new List<T>();
        string? cont = null;
        do
        {
            var page = await client.ListAsync<T>(ns, new ListOptions { LabelSelector = labelSelector, Limit = pageSize, Continue = cont }, ct).ConfigureAwait(false);
            all.AddRange(page.Items);
            cont = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(cont));

        return all;
    }
}
