using Rollouts.Api;
using Rollouts.Api.Strategy;

namespace Rollouts.Operator.Traffic;

/// <summary>What a router splits traffic between.</summary>
/// <param name="Owner">The ModelDeployment (owner of whatever the router creates).</param>
/// <param name="StableService">Service of the stable (blue-green: active) revision.</param>
/// <param name="CanaryService">Service of the canary (blue-green: preview) revision.</param>
/// <param name="StableRevision">Revision hash of the stable revision.</param>
/// <param name="CanaryRevision">Revision hash of the canary revision (equal to <paramref name="StableRevision"/> when none).</param>
/// <param name="Header">A header rule sending a cohort to the canary Service (setHeaderRoute), null when none.</param>
/// <param name="Route">
/// An existing HTTPRoute whose backendRef weights alone are set: the user's (<c>spec.trafficRouting.gatewayAPI.httpRoute</c>),
/// or the operator's own route while the spec is invalid (the rollout in flight splits on it; nothing is rendered from
/// an invalid spec). Null: the operator's own route (Gateway API) or root Service (replica-ratio), rendered.
/// </param>
public sealed record TrafficTarget(ModelDeployment Owner, string StableService, string CanaryService, string StableRevision, string CanaryRevision, HeaderRouteStep? Header = null, string? Route = null);
