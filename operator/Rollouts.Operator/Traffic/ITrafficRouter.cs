namespace Rollouts.Operator.Traffic;

/// <summary>
/// Splits traffic between the stable and the canary revision (Argo Rollouts' TrafficRoutingReconciler, reduced to
/// what the planner needs). Weights are percentages 0–100 of traffic to the canary.
/// </summary>
public interface ITrafficRouter
{
    /// <summary>A short name for logs and docs (<c>gateway-api</c>, <c>replica-ratio</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Sets the canary weight of <paramref name="traffic"/> (idempotent): applies its rendered route through
    /// <paramref name="apply"/>, which skips the write when the cached route already carries it, or, for an existing
    /// route (<see cref="TrafficTarget.Route"/>), changes only the weights on it; <paramref name="force"/> writes anyway
    /// (the weight read back differs from the wanted one). Renders nothing itself.
    /// </summary>
    /// <returns>Whether it wrote, and the weight the API server's answer to that write holds (the route as stored: the
    /// same object a GET right after would return, without the request).</returns>
    /// <exception cref="Kube.KubeApiException">The API refused the write (e.g. the HTTPRoute CRD is not installed: NotFound).</exception>
    /// <exception cref="TrafficRoutingException">The route cannot carry the weight (an existing route without the Services).</exception>
    Task<WeightWrite> SetWeightAsync(Workloads.DesiredTraffic traffic, Rollouts.ChildApplier apply, bool force, CancellationToken ct);

    /// <summary>Reads the canary weight back from the cluster (a live read: the check when the cache shows another weight than status); null when the route does not exist or does not name both backends.</summary>
    Task<int?> GetWeightAsync(TrafficTarget target, CancellationToken ct);

    /// <summary>
    /// The canary weight as the informer caches of <paramref name="cache"/> show it (the start of a pass: no request
    /// once the caches have synced); null as for <see cref="GetWeightAsync"/>. The cache may not show the operator's
    /// own last write yet: a caller that finds a weight other than the one it last verified confirms it live.
    /// </summary>
    /// <exception cref="Kube.KubeApiException">A live read the cache falls back to failed (see <see cref="Rollouts.ChildCache"/>).</exception>
    Task<int?> ObserveWeightAsync(TrafficTarget target, Rollouts.ChildCache cache, CancellationToken ct);
}
