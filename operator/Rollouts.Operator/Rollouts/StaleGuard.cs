using System.Collections.Concurrent;
using Rollouts.Kube;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// Tells whether the informer cache already shows this operator's own last writes to a ModelDeployment, so a pass can
/// plan from the cache instead of reading the object live. Per object it remembers the resourceVersions the operator
/// wrote FROM (the precondition of a conditional write that succeeded, or that failed with Conflict): while the cache
/// still shows one of them, it does not show that write yet and the pass must not plan from it.
/// <para>Kubernetes semantics relied on: a resourceVersion is opaque (compared only for equality, never by order); a
/// write conditional on version <c>v</c> succeeds only while the object is at <c>v</c>, so the object's next version
/// is the write's result (a Conflict means it already moved past <c>v</c>); a watch delivers every change of one
/// object in order, so the cache goes through the versions the object went through and never back. Hence, once the
/// cache shows any version not remembered, it shows our write or something newer: fresh, and the memory is cleared.</para>
/// Passes over one object never run concurrently (the work queue's guarantee); passes over different objects may.
/// </summary>
public sealed class StaleGuard
{
    private readonly ConcurrentDictionary<ObjectKey, HashSet<string>> writtenFrom = new();

    /// <summary>True while the cache shows <paramref name="cachedVersion"/>, a version we wrote from (it does not show that
    /// write yet); false otherwise, and then what was remembered for <paramref name="key"/> is forgotten.</summary>
    public bool IsStale(ObjectKey key, string? cachedVersion)
    {
        if (!writtenFrom.TryGetValue(key, out var versions))
        {
            return false;
        }

        if (cachedVersion is not null && versions.Contains(cachedVersion))
        {
            return true;
        }

        writtenFrom.TryRemove(key, out _);
        return false;
    }

    /// <summary>Remembers that a write conditional on <paramref name="version"/> succeeded (or was refused with Conflict):
    /// the object is no longer at that version. Not for a write whose outcome is unknown (a timeout): the object may
    /// still be at that version, and a pass waiting for the cache to move past it would wait for ever.</summary>
    public void WroteFrom(ObjectKey key, string? version)
    {
        if (version is null)
        {
            return;
        }

        writtenFrom.AddOrUpdate(key, _ => [version], (_, set) => [.. set, version]);
    }

    /// <summary>Forgets <paramref name="key"/> (the object is gone).</summary>
    public void Forget(ObjectKey key) => writtenFrom.TryRemove(key, out _);
}
