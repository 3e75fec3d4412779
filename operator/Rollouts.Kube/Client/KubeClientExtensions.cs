namespace Rollouts.Kube;

/// <summary>Helpers over <see cref="IKubeClient"/>.</summary>
public static class KubeClientExtensions
{
    /// <summary>
    /// Read-modify-write with optimistic concurrency (client-go's RetryOnConflict): GET the object, apply
    /// <paramref name="mutate"/>, PUT it conditional on the resourceVersion read; on Conflict, start again from a fresh
    /// GET, at most <paramref name="attempts"/> times.
    /// </summary>
    /// <returns>The stored object, or null when it does not exist.</returns>
    /// <exception cref="KubeApiException">Conflict after the last attempt, or any other failure.</exception>
    public static async Task<T?> UpdateAsync<T>(this IKubeClient client, string? ns, string name, Action<T> mutate, CancellationToken ct, int attempts = 5)
        where T : KubeObject, IKubeResource
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await client.GetAsync<T>(ns, name, ct).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            mutate(current);
            try
            {
                return await client.ReplaceAsync(current, ct).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == StatusReason.Conflict && attempt < attempts)
            {
            }
        }
    }

    /// <summary>Lists every page (limit/continue) and returns all items.</summary>
    /// <exception cref="KubeApiException">API failure (Gone when a continue token expired mid-way).</exception>
    public static async Task<List<T>> ListAllAsync<T>(this IKubeClient client, string? ns, string? labelSelector, CancellationToken ct, int pageSize = 500)
        where T : KubeObject, IKubeResource
    {
        var all = new List<T>();
        string? cont = null;
        do
        {
            var page = await client.ListAsync<T>(ns, new ListOptions { LabelSelector = labelSelector, Limit = pageSize, Continue = cont }, ct).ConfigureAwait(false);
            all.AddRange(page.Items);
            cont = page.Metadata.Continue;
        }
        while (!string.IsNullOrEmpty(cont));

        return all;
    }
}
