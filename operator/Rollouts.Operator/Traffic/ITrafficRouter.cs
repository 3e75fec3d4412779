namespace Rollouts.Operator.Traffic;

/// <summary>
/// Splits traffic between the stable and the canary revision (Argo Rollouts' TrafficRoutingReconciler, reduced to
/// what the planner needs). Weights are percentages 0–100 of traffic to the canary.
/// </summary>
public interface ITrafficRouter
{
    /// <summary>A short name for logs and docs (<c>gateway-api</c>, <c>replica-ratio</c>).</summary>
    string Name { get; }

    /// <summary>Sets the canary weight (idempotent).</summary>
    /// <exception cref="Kube.KubeApiException">The API refused the write (e.g. the HTTPRoute CRD is not installed: NotFound).</exception>
    Task SetWeightAsync(TrafficTarget target, int canaryWeight, CancellationToken ct);

    /// <summary>Reads the canary weight back from the cluster; null when the route does not exist or does not name both backends.</summary>
    Task<int?> GetWeightAsync(TrafficTarget target, CancellationToken ct);

    /// <summary>True when the weight read back equals <paramref name="canaryWeight"/>.</summary>
    async Task<bool> VerifyWeightAsync(TrafficTarget target, int canaryWeight, CancellationToken ct) =>
        await GetWeightAsync(target, ct).ConfigureAwait(false) == canaryWeight;
}
