using Rollouts.Api;
using Rollouts.Kube;

namespace Rollouts.Operator.Controls;

/// <summary>
/// The one-shot manual control: annotation <c>ml.rollouts.dev/action</c> (promote, promote-full, abort, retry, pause,
/// resume). The reconciler removes it with a merge patch conditional on the object's resourceVersion BEFORE acting,
/// so an action is applied at most once; the reconciler keeps a consumed action in memory until a status write that
/// reflects it succeeded, so a pass that fails after consuming it (a 409 on the status write) applies it on the next
/// pass instead of losing it. A concurrent edit makes the removal fail with Conflict and the pass is retried with the
/// fresh object.
/// </summary>
public static class ActionAnnotation
{
    /// <summary>Removes the action annotation; returns the updated object, or null when it changed meanwhile (Conflict) or is gone.</summary>
    /// <exception cref="KubeApiException">Any other API failure.</exception>
    public static async Task<ModelDeployment?> ConsumeAsync(IKubeClient client, ModelDeployment mdep, CancellationToken ct)
    {
        var patch = new Dictionary<string, object?>
        {
            ["metadata"] = new Dictionary<string, object?>
            {
                ["resourceVersion"] = mdep.Metadata.ResourceVersion,
                ["annotations"] = new Dictionary<string, object?> { [ModelDeploymentAnnotations.Action] = null },
            },
        };
        try
        {
            return await client.MergePatchAsync<ModelDeployment>(mdep.Metadata.NamespaceProperty, mdep.Metadata.Name!, patch, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason is StatusReason.Conflict or StatusReason.NotFound)
        {
            return null;
        }
    }

    /// <summary>The merge patch that asks for <paramref name="action"/> (what <c>kubectl annotate</c> does).</summary>
    public static object Request(string action) => new Dictionary<string, object?>
    {
        ["metadata"] = new Dictionary<string, object?> { ["annotations"] = new Dictionary<string, object?> { [ModelDeploymentAnnotations.Action] = action } },
    };
}
