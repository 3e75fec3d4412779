using Rollouts.Api;

namespace Rollouts.Operator.Workloads;

/// <summary>The labels the operator puts on revision Deployments and their pods (seams §9).</summary>
public static class PodLabels
{
    /// <summary>The managed-by value.</summary>
    public const string ManagedBy = "model-rollouts";

    /// <summary>Labels that select every pod of the ModelDeployment <paramref name="name"/>.</summary>
    public static Dictionary<string, string> ForDeployment(string name) => new()
    {
        [ModelDeploymentAnnotations.DeploymentLabel] = name,
    };

    /// <summary>Labels that select the pods of one revision (the Deployment selector; immutable).</summary>
    public static Dictionary<string, string> ForRevision(string name, string revision) => new()
    {
        [ModelDeploymentAnnotations.DeploymentLabel] = name,
        [ModelDeploymentAnnotations.RevisionLabel] = revision,
    };

    /// <summary>All labels of a revision's pods.</summary>
    public static Dictionary<string, string> Full(string name, string revision, string modelName, string version) => new()
    {
        ["app.kubernetes.io/name"] = modelName,
        ["app.kubernetes.io/managed-by"] = ManagedBy,
        [ModelDeploymentAnnotations.DeploymentLabel] = name,
        [ModelDeploymentAnnotations.RevisionLabel] = revision,
        [ModelDeploymentAnnotations.ModelVersionLabel] = version,
    };
}
