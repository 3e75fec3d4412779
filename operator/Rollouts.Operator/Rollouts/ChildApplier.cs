using k8s;
using k8s.Models;
using Rollouts.Kube;
using Rollouts.Operator.Workloads;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// The writes of one reconcile pass to the children: server-side apply stamped with <see cref="AppliedHash"/>, skipped
/// when the cached child already carries the hash (or this pass applied it already), and replica patches skipped when
/// the count is what it is. One instance per pass; not thread-safe.
/// </summary>
public sealed class ChildApplier(IKubeClient client, ChildCache cache)
{
    private readonly Dictionary<string, string> applied = [];

    /// <summary>Number of writes this pass made through the applier.</summary>
    public int Writes { get; private set; }

    /// <summary>
    /// Applies <paramref name="desired"/> unless its cached copy carries the same applied hash; <paramref name="force"/>
    /// applies anyway (the observed state contradicts the cache, e.g. a weight read back differs).
    /// </summary>
    /// <returns>The API server's answer to the apply (the object as stored, at its new resourceVersion); null when it did not write.</returns>
    /// <exception cref="KubeApiException">The API server refused the apply.</exception>
    public async Task<T?> ApplyAsync<T>(T desired, bool force, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var hash = AppliedHash.Stamp(desired);
        var key = $"{desired.GetType().Name}/{desired.Metadata.NamespaceProperty}/{desired.Metadata.Name}";
        if (!force && (applied.TryGetValue(key, out var done) && done == hash ||
                       AppliedHash.Matches(await cache.GetAsync(desired, ct).ConfigureAwait(false), hash)))
        {
            return null;
        }

        Writes++;
        var stored = await client.ApplyAsync(desired, ct).ConfigureAwait(false);
        applied[key] = hash;
        return stored;
    }

    /// <summary>Sets the replicas of Deployment <paramref name="ns"/>/<paramref name="name"/> unless <paramref name="observed"/> (or this pass's last patch) already is <paramref name="replicas"/>.</summary>
    /// <returns>True when it wrote.</returns>
    /// <exception cref="KubeApiException">The API server refused the patch.</exception>
    public async Task<bool> ScaleAsync(string ns, string name, int replicas, int observed, CancellationToken ct)
    {
        var key = $"scale/{ns}/{name}";
        var current = applied.TryGetValue(key, out var last) ? last : observed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var want = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (current == want)
        {
            return false;
        }

        Writes++;
        await client.MergePatchAsync<V1Deployment>(ns, name, new { spec = new { replicas } }, ct).ConfigureAwait(false);
        applied[key] = want;
        return true;
    }
}
