namespace Rollouts.Api;

/// <summary>Annotations and labels of the API.</summary>
public static class ModelDeploymentAnnotations
{
    /// <summary>
    /// One-shot manual action on a ModelDeployment: <c>promote</c>, <c>promote-full</c>, <c>abort</c>, <c>retry</c>,
    /// <c>pause</c>, <c>resume</c>. The operator applies it and removes the annotation.
    /// </summary>
    public const string Action = "ml.rollouts.dev/action";

    /// <summary>Pod/Deployment label naming the owning ModelDeployment.</summary>
    public const string DeploymentLabel = "ml.rollouts.dev/deployment";

    /// <summary>Pod/Deployment label holding the revision hash.</summary>
    public const string RevisionLabel = "ml.rollouts.dev/revision";

    /// <summary>Pod/Deployment label holding the model version.</summary>
    public const string ModelVersionLabel = "ml.rollouts.dev/model-version";

    /// <summary>Service label telling its role: stable, canary, active, preview or root.</summary>
    public const string RoleLabel = "ml.rollouts.dev/role";
}
