namespace Rollouts.Operator.Host;

/// <summary>Field managers of the operator's server-side applies.</summary>
public static class FieldManagers
{
    /// <summary>The operator's field manager for Deployments, Services, HTTPRoutes and the status.</summary>
    public const string Operator = "model-rollouts";

    /// <summary>Co-owns a Deployment's replicas while the operator hands them to an HPA (see <see cref="Workloads.ReplicasHandover"/>).</summary>
    public const string ReplicasHandover = "model-rollouts-replicas-handover";
}
