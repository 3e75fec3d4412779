using Rollouts.Analysis.Queries;

namespace Rollouts.Analysis;

/// <summary>What an analysis run measures (seams §8): one revision of one ModelDeployment, and the stable one to compare with.</summary>
/// <param name="Namespace">Namespace of the ModelDeployment (the <c>namespace</c> label of the serving metrics).</param>
/// <param name="DeploymentName">Name of the ModelDeployment ({{name}}; the <c>model_deployment</c> label).</param>
/// <param name="ModelName">The model name (the <c>model_name</c> label).</param>
/// <param name="Version">The measured version: canary, preview or new active (the <c>model_version</c> label).</param>
/// <param name="StableVersion">The stable version, or null when there is none (first rollout).</param>
/// <param name="Purpose">Why the run exists, e.g. <c>canary step 2</c>, <c>pre-promotion</c>; a new purpose starts a new run.</param>
/// <param name="Revision">The measured revision hash ({{revision}}; the <c>model_revision</c> label).</param>
/// <param name="StableRevision">The stable revision hash ({{stableRevision}}), or null when there is none.</param>
/// <param name="Shadowing">
/// True while a shadow step is in force: the measured revision answers no user (weight 0) and gets copies from the
/// stable, so the agreement check applies and the accuracy check does not (no user holds its predictions to send
/// labels for). False otherwise: agreement does not apply (nothing is copied). <see cref="CheckPlanner"/> leaves out
/// the check that does not apply.
/// </param>
public sealed record AnalysisTarget(
    string Namespace, string DeploymentName, string ModelName, string Version, string? StableVersion, string Purpose,
    string Revision, string? StableRevision, bool Shadowing = false)
{
    /// <summary>The series of the measured revision.</summary>
    public RevisionSeries Series => new(Namespace, DeploymentName, ModelName, Version, Revision);

    /// <summary>The series of the stable revision, or null when the stable version or revision is unknown.</summary>
    public RevisionSeries? StableSeries => string.IsNullOrEmpty(StableVersion) || string.IsNullOrEmpty(StableRevision)
        ? null
        : new(Namespace, DeploymentName, ModelName, StableVersion, StableRevision);

    /// <summary>
    /// The shadow series of the copies the stable revision sends to the measured one, or null when the stable revision
    /// is unknown (nothing shadows without a stable).
    /// </summary>
    public ShadowSeries? Shadow => string.IsNullOrEmpty(StableRevision) ? null : new(Namespace, DeploymentName, StableRevision, Revision);

    /// <summary>The feedback series of the predictions the measured revision made.</summary>
    public FeedbackSeries Feedback => new(Namespace, DeploymentName, Revision);

    /// <summary>The feedback series of the stable revision's predictions, or null when the stable revision is unknown.</summary>
    public FeedbackSeries? StableFeedback => string.IsNullOrEmpty(StableRevision) ? null : new(Namespace, DeploymentName, StableRevision);
}
