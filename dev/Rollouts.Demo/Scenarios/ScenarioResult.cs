namespace Rollouts.Demo.Scenarios;

/// <summary>What happened in one scenario.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Actual">The observed outcome, null when it timed out.</param>
/// <param name="ActualText">The observed outcome in words (phase, stable version, reason).</param>
/// <param name="StableVersion">The stable version at the end.</param>
/// <param name="RollbackTraffic">Time from the first failing measurement to canary traffic at 0 (operator metric <c>rollouts_rollback_traffic_seconds</c>, else status timestamps); null when not applicable.</param>
/// <param name="RolloutTime">Time from applying the manifest to the outcome.</param>
/// <param name="Detail">Further facts (for a rollback: the RolledBack condition's reason and message).</param>
public sealed record ScenarioResult(
    Scenario Scenario,
    ExpectedOutcome? Actual,
    string ActualText,
    string? StableVersion,
    TimeSpan? RollbackTraffic,
    TimeSpan RolloutTime,
    string Detail)
{
    /// <summary>
    /// True when the outcome and the stable version are the expected ones and, for a rollback, its cause (reason or
    /// message) names the expected check.
    /// </summary>
    public bool AsExpected =>
        Actual == Scenario.Expected
        && StableVersion == Scenario.ExpectedStable
        && (Scenario.Cause.Length == 0 || Detail.Contains(Scenario.Cause, StringComparison.OrdinalIgnoreCase));
}
