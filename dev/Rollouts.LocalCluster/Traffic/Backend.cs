namespace Rollouts.LocalCluster.Traffic;

/// <summary>One weighted backend of the route: a Service and the ready pods its selector matches.</summary>
/// <param name="Service">Service name.</param>
/// <param name="Weight">Relative weight (HTTPRoute backendRef weight; 1 for the only Service of replica-ratio routing).</param>
/// <param name="Endpoints">Ready endpoints of the Service.</param>
public sealed record Backend(string Service, int Weight, IReadOnlyList<Endpoint> Endpoints);
