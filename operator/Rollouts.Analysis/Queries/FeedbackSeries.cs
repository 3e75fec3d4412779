namespace Rollouts.Analysis.Queries;

/// <summary>
/// The feedback series of the predictions one revision of one ModelDeployment made (seams-14 S3): any pod of the
/// ModelDeployment, of either revision, may take the feedback and export it, so the series are selected by the
/// predicting revision (<c>prediction_revision</c>, read from the prediction id), never by <c>model_revision</c> or
/// <c>model_version</c> (those name the pod that took the feedback).
/// </summary>
/// <param name="Namespace">The pods' namespace (the <c>namespace</c> label).</param>
/// <param name="Deployment">The ModelDeployment's name (the <c>model_deployment</c> label).</param>
/// <param name="PredictionRevision">The revision that made the predictions (the <c>prediction_revision</c> label).</param>
public sealed record FeedbackSeries(string Namespace, string Deployment, string PredictionRevision)
{
    /// <summary>The label matchers, values escaped: <c>namespace="…",model_deployment="…",prediction_revision="…"</c>.</summary>
    public string Matchers() =>
        $"namespace={PromQl.Quote(Namespace)},model_deployment={PromQl.Quote(Deployment)},prediction_revision={PromQl.Quote(PredictionRevision)}";
}
