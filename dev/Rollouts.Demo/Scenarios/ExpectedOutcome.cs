namespace Rollouts.Demo.Scenarios;

/// <summary>How a scenario's rollout is expected to end.</summary>
public enum ExpectedOutcome
{
    /// <summary>The new version becomes stable: phase Healthy, all traffic on it.</summary>
    Promoted,

    /// <summary>The operator aborts on its own: RolledBack condition, traffic back on the previous stable version.</summary>
    RolledBack,
}
