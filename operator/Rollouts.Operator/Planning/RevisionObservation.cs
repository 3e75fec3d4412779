namespace Rollouts.Operator.Planning;

/// <summary>What the informer cache says about one revision's Deployment.</summary>
/// <param name="Revision">Revision hash (label ml.rollouts.dev/revision).</param>
/// <param name="Version">Model version (label ml.rollouts.dev/model-version).</param>
/// <param name="Replicas">spec.replicas.</param>
/// <param name="AvailableReplicas">status.availableReplicas, counted only when the Deployment controller observed the current generation.</param>
public sealed record RevisionObservation(string Revision, string Version, int Replicas, int AvailableReplicas);
