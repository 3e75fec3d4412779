namespace Rollouts.Demo.Scenarios;

/// <summary>One step of the demo: a manifest applied, and what the operator is expected to do with it.</summary>
/// <param name="Id">Short id (e.g. <c>3</c>), also the manifest's prefix.</param>
/// <param name="Title">What it shows, e.g. <c>canary to iris-broken</c>.</param>
/// <param name="Manifest">Manifest file name under <c>manifests/</c>.</param>
/// <param name="DeploymentName">The ModelDeployment it changes.</param>
/// <param name="Version">The model version it rolls out.</param>
/// <param name="Expected">The expected outcome.</param>
/// <param name="ExpectedStable">The stable version expected afterwards.</param>
/// <param name="Why">What should trigger the outcome, in words (e.g. <c>error-rate breach</c>).</param>
/// <param name="Cause">For a rollback: text the RolledBack condition's reason or message must contain (the failing check's name, e.g. <c>errorRate</c>, or <c>ProgressDeadlineExceeded</c>).</param>
/// <param name="Setup">True for a preparatory step not listed in the summary.</param>
/// <param name="Measure">The analysis check whose judged measurement the summary reports (e.g. <c>accuracy</c>, <c>agreement</c>); empty for none. When set, the scenario is as expected only if that check was judged (passed or failed) at least once.</param>
/// <param name="NoUserAnswers">True when no user request may be answered by the new version (a shadow: the canary only answers the stable's copies).</param>
public sealed record Scenario(
    string Id,
    string Title,
    string Manifest,
    string DeploymentName,
    string Version,
    ExpectedOutcome Expected,
    string ExpectedStable,
    string Why,
    string Cause = "",
    bool Setup = false,
    string Measure = "",
    bool NoUserAnswers = false)
{
    /// <summary>The expected outcome in words, for the summary table.</summary>
    public string ExpectedText => Expected == ExpectedOutcome.Promoted
        ? $"promoted, stable {ExpectedStable}"
        : $"rolled back ({Why}), stable {ExpectedStable}";
}
