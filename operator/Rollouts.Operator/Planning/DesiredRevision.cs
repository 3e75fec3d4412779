namespace Rollouts.Operator.Planning;

/// <summary>A revision Deployment the plan keeps, with its replica count.</summary>
/// <param name="Revision">Revision hash.</param>
/// <param name="Replicas">Desired spec.replicas.</param>
/// <param name="FromSpec">True: render the Deployment from the current spec (server-side apply); false: only scale the existing one.</param>
public sealed record DesiredRevision(string Revision, int Replicas, bool FromSpec);
