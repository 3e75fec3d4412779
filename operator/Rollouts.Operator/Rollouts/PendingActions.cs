using System.Collections.Concurrent;
using Rollouts.Api;
using Rollouts.Kube;
using Rollouts.Operator.Controls;

namespace Rollouts.Operator.Rollouts;

/// <summary>
/// The manual action (<c>ml.rollouts.dev/action</c>: promote, abort, retry, …) of each ModelDeployment, applied at most
/// once and never lost: the annotation is removed first (a patch conditional on the resourceVersion read), and the
/// action is kept in memory until a status write reflecting it succeeded (<see cref="Confirm"/>), so a pass that fails
/// after taking it applies it on the next pass. The removal is a write from the version read: <paramref name="stale"/>
/// learns it, so the next pass waits for the cache to move past that version.
/// </summary>
/// <param name="client">The API client (the annotation's removal).</param>
/// <param name="stale">Where the versions written from are remembered.</param>
public sealed class PendingActions(IKubeClient client, StaleGuard stale)
{
    private readonly ConcurrentDictionary<ObjectKey, string> unconfirmed = new();

    /// <summary>
    /// The action for this pass over <paramref name="mdep"/> (a private copy: its resourceVersion becomes the one after
    /// the removal): the annotation's, or one taken by an earlier pass and not yet confirmed; null when none.
    /// <c>Taken</c> is false when the removal was refused (the object changed or is gone): end the pass and requeue.
    /// </summary>
    /// <exception cref="KubeApiException">The removal failed otherwise.</exception>
    public async Task<(bool Taken, string? Action)> TakeAsync(ObjectKey key, ModelDeployment mdep, CancellationToken ct)
    {
        var action = mdep.Metadata.Annotations.ValueOrDefault(ModelDeploymentAnnotations.Action);
        if (action is null)
        {
            return (true, unconfirmed.TryGetValue(key, out var kept) ? kept : null);
        }

        var consumed = await ActionAnnotation.ConsumeAsync(client, mdep, ct).ConfigureAwait(false);
        stale.WroteFrom(key, mdep.Metadata.ResourceVersion); // removed, or Conflict/gone: no longer at this version
        if (consumed is null)
        {
            return (false, null);
        }

        unconfirmed[key] = action;
        mdep.Metadata.ResourceVersion = consumed.Metadata.ResourceVersion;
        return (true, action);
    }

    /// <summary>A status write reflecting the action taken for <paramref name="key"/> succeeded: it is done.</summary>
    public void Confirm(ObjectKey key) => unconfirmed.TryRemove(key, out _);
}
