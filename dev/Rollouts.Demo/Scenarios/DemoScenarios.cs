namespace Rollouts.Demo.Scenarios;

/// <summary>The demo's scenarios, in order (each starts from the state the previous one left).</summary>
public static class DemoScenarios
{
    /// <summary>All steps, setup steps included.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("1", "deploy iris 1.0.0 (iris-v1)", "1-iris-v1.yaml", "iris", "1.0.0", ExpectedOutcome.Promoted, "1.0.0", "first revision"),
        new("2", "canary to iris 2.0.0 (iris-v2) with analysis", "2-iris-v2.yaml", "iris", "2.0.0", ExpectedOutcome.Promoted, "2.0.0", "analysis passes, accuracy included", Measure: "accuracy"),
        new("3", "canary to 2.1.0 (iris-broken)", "3-iris-broken.yaml", "iris", "2.1.0", ExpectedOutcome.RolledBack, "2.0.0", "error-rate breach", "errorRate"),
        new("4a", "blue-green ModelDeployment iris-bg at 2.0.0", "4a-iris-bg-v2.yaml", "iris-bg", "2.0.0", ExpectedOutcome.Promoted, "2.0.0", "first revision", Setup: true),
        new("4", "blue-green to 2.2.0 (iris-slow)", "4b-iris-bg-slow.yaml", "iris-bg", "2.2.0", ExpectedOutcome.RolledBack, "2.0.0", "latency breach after the switch", "latency"),
        new("5", "canary to 2.3.0 (iris-skewed)", "5-iris-skewed.yaml", "iris", "2.3.0", ExpectedOutcome.RolledBack, "2.0.0", "drift breach", "drift"),
        new("6", "canary to 2.4.0 (model URI cannot be loaded)", "6-iris-missing.yaml", "iris", "2.4.0", ExpectedOutcome.RolledBack, "2.0.0", "progress deadline", "ProgressDeadlineExceeded"),
        new("7", "shadow 2.5.0 (iris-skewed): weight 0, 50 % of requests copied", "7-iris-skewed-shadow.yaml", "iris", "2.5.0", ExpectedOutcome.RolledBack, "2.0.0", "agreement breach, no user answered by it", "agreement", Measure: "agreement", NoUserAnswers: true),
        new("8", "canary to 2.6.0 (iris-skewed) at 10 %, judged on accuracy", "8-iris-skewed-accuracy.yaml", "iris", "2.6.0", ExpectedOutcome.RolledBack, "2.0.0", "accuracy breach", "accuracy", Measure: "accuracy"),
    ];
}
