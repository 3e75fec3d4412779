namespace Rollouts.Demo.Scenarios;

/// <summary>What happened in one scenario.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Actual">The observed outcome, null when it timed out.</param>
/// <param name="ActualText">The observed outcome in words (phase, stable version, reason).</param>
/// <param name="StableVersion">The stable version at the end.</param>
/// <param name="RollbackTraffic">Time from the first failing measurement to canary traffic at 0 (operator metric <c>rollouts_rollback_traffic_seconds</c>, else status timestamps); null when not applicable.</param>
/// <param name="RolloutTime">Time from applying the manifest to the outcome.</param>
/// <param name="Detail">Further facts (for a rollback: the RolledBack condition's reason and message).</param>
/// <param name="Measured">The last judged measurement of <see cref="Scenario.Measure"/> in this version's analysis (its message: value, threshold, count, e.g. <c>accuracy 0.9712 &gt;= min 0.9 over 104 labels</c>); null when none was judged or none is asked for.</param>
/// <param name="UserAnswers">User requests (the traffic generator's) that the new version answered during the scenario.</param>
public sealed record ScenarioResult(
    Scenario Scenario,
    ExpectedOutcome? Actual,
    string ActualText,
    string? StableVersion,
    TimeSpan? RollbackTraffic,
    TimeSpan RolloutTime,
    string Detail,
    string? Measured = null,
    long UserAnswers = 0)
{
    /// <summary>
    /// True when the outcome and the stable version are the expected ones and, for a rollback, its cause (reason or
    /// message) names the expected check; the check the scenario reports was judged; and a shadowed version answered
    /// no user.
    /// </summary>
    public bool AsExpected =>
        Actual == Scenario.Expected
        && StableVersion == Scenario.ExpectedStable
        && (Scenario.Cause.Length == 0 || Detail.Contains(Scenario.Cause, StringComparison.OrdinalIgnoreCase))
        && (Scenario.Measure.Length == 0 || Measured is not null)
        && (!Scenario.NoUserAnswers || UserAnswers == 0);

    /// <summary>
    /// The measured column of the summary: <see cref="Measured"/> (or that the check was never judged) and, for a
    /// shadow, how many user requests the new version answered; <c>-</c> when the scenario reports neither.
    /// </summary>
    public string MeasuredText
    {
        get
        {
            var parts = new List<string>();
            if (Scenario.Measure.Length > 0)
            {
                parts.Add(Measured ?? $"{Scenario.Measure} never judged");
            }

            if (Scenario.NoUserAnswers)
            {
                parts.Add($"{UserAnswers} user requests answered by {Scenario.Version}");
            }

            return parts.Count == 0 ? "-" : string.Join("; ", parts);
        }
    }
}
