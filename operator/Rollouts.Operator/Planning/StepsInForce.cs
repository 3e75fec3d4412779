using Rollouts.Api.Strategy;

namespace Rollouts.Operator.Planning;

/// <summary>
/// What earlier canary steps leave in force while the rollout is at step <c>idx</c> (pure; derived from the spec and
/// <c>status.currentStepIndex</c> only, so a restarted operator resumes a shadow or a header rule as it was). Nothing is
/// in force once every step is done (promotion) or the rollout ended.
/// </summary>
internal static class StepsInForce
{
    /// <summary>The shadow step in force at <paramref name="idx"/>: the latest earlier shadow with no setWeight after it, unless step <paramref name="idx"/> itself is a setWeight (it turns the shadow off).</summary>
    public static ShadowStep? Shadow(IReadOnlyList<CanaryStep> steps, int idx)
    {
        if (idx < 0 || idx >= steps.Count || steps[idx].SetWeight is not null)
        {
            return null;
        }

        for (var j = idx - 1; j >= 0; j--)
        {
            if (steps[j].SetWeight is not null)
            {
                return null;
            }

            if (steps[j].Shadow is { } shadow)
            {
                return shadow;
            }
        }

        return null;
    }

    /// <summary>The header rule in force at <paramref name="idx"/>: the latest earlier setHeaderRoute with a value (one without a value removes it).</summary>
    public static HeaderRouteStep? HeaderRoute(IReadOnlyList<CanaryStep> steps, int idx)
    {
        if (idx < 0 || idx >= steps.Count)
        {
            return null;
        }

        for (var j = idx - 1; j >= 0; j--)
        {
            if (steps[j].SetHeaderRoute is { } header)
            {
                return header.Value is null ? null : header with { Type = header.Type ?? "Exact" };
            }
        }

        return null;
    }
}
