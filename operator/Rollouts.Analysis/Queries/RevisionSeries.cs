namespace Rollouts.Analysis.Queries;

/// <summary>
/// The serving series of one revision of one ModelDeployment: what every built-in query selects on. The serving pods
/// label their series themselves (<c>--model-deployment</c>, <c>--model-revision</c>: <c>model_deployment</c>,
/// <c>model_revision</c>, beside <c>model_name</c> and <c>model_version</c>); <c>namespace</c> is the scrape
/// configuration's target label (see docs/analysis.md).
/// </summary>
/// <param name="Namespace">The pods' namespace (the <c>namespace</c> label).</param>
/// <param name="Deployment">The ModelDeployment's name (the <c>model_deployment</c> label).</param>
/// <param name="Model">The model name (the <c>model_name</c> label).</param>
/// <param name="Version">The model version (the <c>model_version</c> label).</param>
/// <param name="Revision">The revision hash (the <c>model_revision</c> label; the pod label <c>ml.rollouts.dev/revision</c>).</param>
public sealed record RevisionSeries(string Namespace, string Deployment, string Model, string Version, string Revision)
{
    /// <summary>
    /// The label matchers, values escaped:
    /// <c>namespace="…",model_deployment="…",model_revision="…",model_name="…",model_version="…"</c>.
    /// </summary>
    public string Matchers() =>
        $"namespace={PromQl.Quote(Namespace)},model_deployment={PromQl.Quote(Deployment)},model_revision={PromQl.Quote(Revision)},"
        + $"model_name={PromQl.Quote(Model)},model_version={PromQl.Quote(Version)}";
}
