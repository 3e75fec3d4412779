namespace Rollouts.Analysis.Queries;

/// <summary>
/// The shadow series of one stable→candidate pair of one ModelDeployment (seams-14 S2): exported by the stable's pods
/// (<c>model_revision</c> = the stable revision) for the copies they send to the candidate (<c>candidate_revision</c>
/// = the canary revision). <c>model_name</c> and <c>model_version</c> are not selected: the revisions pin them.
/// </summary>
/// <param name="Namespace">The pods' namespace (the <c>namespace</c> label).</param>
/// <param name="Deployment">The ModelDeployment's name (the <c>model_deployment</c> label).</param>
/// <param name="StableRevision">The shadowing (stable) revision (the <c>model_revision</c> label).</param>
/// <param name="CandidateRevision">The shadowed (canary) revision (the <c>candidate_revision</c> label).</param>
public sealed record ShadowSeries(string Namespace, string Deployment, string StableRevision, string CandidateRevision)
{
    /// <summary>
    /// The label matchers, values escaped:
    /// <c>namespace="…",model_deployment="…",model_revision="…",candidate_revision="…"</c>.
    /// </summary>
    public string Matchers() =>
        $"namespace={PromQl.Quote(Namespace)},model_deployment={PromQl.Quote(Deployment)},model_revision={PromQl.Quote(StableRevision)},"
        + $"candidate_revision={PromQl.Quote(CandidateRevision)}";
}
