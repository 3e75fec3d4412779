using Rollouts.Api;
using Rollouts.Api.Status;

namespace Rollouts.Operator.Planning;

/// <summary>Everything the planner sees of one ModelDeployment in one reconcile pass (read from the informer cache).</summary>
public sealed record RolloutSnapshot
{
    /// <summary>Namespace of the ModelDeployment.</summary>
    public string Namespace { get; init; } = "";

    /// <summary>Name of the ModelDeployment.</summary>
    public string Name { get; init; } = "";

    /// <summary>metadata.generation.</summary>
    public long Generation { get; init; }

    /// <summary>The spec.</summary>
    public ModelDeploymentSpec Spec { get; init; } = new();

    /// <summary>The status as last written (empty on a new object).</summary>
    public ModelDeploymentStatus Status { get; init; } = new();

    /// <summary>Revision hash of the current spec.</summary>
    public string DesiredRevision { get; init; } = "";

    /// <summary>Observed revision Deployments owned by this ModelDeployment, by revision hash.</summary>
    public IReadOnlyDictionary<string, RevisionObservation> Revisions { get; init; } = new Dictionary<string, RevisionObservation>();

    /// <summary>Where traffic goes now.</summary>
    public ObservedTraffic Traffic { get; init; } = ObservedTraffic.None;

    /// <summary>The raw value of the action annotation, null when absent.</summary>
    public string? ActionAnnotation { get; init; }

    /// <summary>Spec errors found by validation (empty: valid).</summary>
    public IReadOnlyList<string> SpecErrors { get; init; } = [];

    /// <summary>Replicas of the revision's Deployment that are available (0 when it does not exist).</summary>
    public int Available(string? revision) =>
        revision is not null && Revisions.TryGetValue(revision, out var r) ? r.AvailableReplicas : 0;
}
