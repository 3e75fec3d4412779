using Rollouts.Api;

namespace Rollouts.Operator.Planning;

/// <summary>
/// Canary replica counts for a weight. With a traffic router (Gateway API) the canary needs
/// <c>ceil(replicas × weight / 100)</c> replicas, at least 1. With replica-ratio routing (one Service over both
/// revisions, stable kept at full size) the share of the canary is <c>c / (replicas + c)</c>, so
/// <c>c = round(replicas × weight / (100 − weight))</c>, at least 1 and at most <c>replicas</c> (≤ 50 %); weight 0
/// and 100 are exact because the Service then selects only the stable or only the canary revision.
/// </summary>
public static class CanaryScaling
{
    /// <summary>
    /// The stable's size the plan works from: <c>spec.serving.replicas</c>; under <c>spec.serving.autoscaling</c> the
    /// stable Deployment's current <c>spec.replicas</c> (what the HPA set; the spec's replicas while it does not exist
    /// yet), within minReplicas..maxReplicas. Canary sizes follow it, as Argo Rollouts' do under an HPA.
    /// </summary>
    public static int StableReplicas(ModelDeploymentSpec spec, IReadOnlyDictionary<string, RevisionObservation> observed, string? stableRevision)
    {
        var replicas = Math.Max(0, spec.Serving?.Replicas ?? 1);
        if (spec.Serving?.Autoscaling is not { } hpa)
        {
            return replicas;
        }

        var current = stableRevision is not null && observed.TryGetValue(stableRevision, out var stable) ? stable.Replicas : replicas;
        return Math.Clamp(current, Math.Max(1, hpa.MinReplicas), Math.Max(1, Math.Max(hpa.MinReplicas, hpa.MaxReplicas)));
    }

    /// <summary>Canary replicas needed for <paramref name="weight"/> (0–100) with <paramref name="replicas"/> stable replicas.</summary>
    public static int ReplicasFor(int weight, int replicas, bool replicaRatio)
    {
        if (replicas <= 0)
        {
            return 0;
        }

        weight = Math.Clamp(weight, 0, 100);
        if (weight == 0)
        {
            return 1;
        }

        if (weight == 100)
        {
            return replicas;
        }

        if (!replicaRatio)
        {
            return Math.Max(1, (int)Math.Ceiling(replicas * weight / 100.0));
        }

        var c = (int)Math.Round(replicas * weight / (100.0 - weight), MidpointRounding.AwayFromZero);
        return Math.Clamp(c, 1, replicas);
    }

    /// <summary>The share of traffic (percent, rounded) <paramref name="canary"/> canary pods get beside <paramref name="stable"/> stable pods in one Service.</summary>
    public static int EffectiveRatioPercent(int canary, int stable) =>
        canary + stable == 0 ? 0 : (int)Math.Round(100.0 * canary / (canary + stable), MidpointRounding.AwayFromZero);
}
