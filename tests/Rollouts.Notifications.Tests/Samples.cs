using System.Text.Json;

namespace Rollouts.Notifications.Tests;

/// <summary>Notifications as the reconciler would publish them.</summary>
public static class Samples
{
    public static readonly DateTimeOffset Time = new(2026, 12, 1, 10, 15, 30, TimeSpan.Zero);

    public static RolloutNotification RolledBack() => new(
        "RolledBack", true, "ml", "iris", "iris", "v1", "v2", "6d5f7c9b8", "7f8e9d0a1", 0, 1, "Degraded",
        "traffic is back on stable v1 (AnalysisFailed: errorRate 0.134 > max 0.01)", Time,
        new NotificationMeasurement("errorRate", 0.134, 0.01,
            "sum(rate(inference_requests_total{namespace=\"ml\",code=~\"5..\"}[1m])) / sum(rate(inference_requests_total{namespace=\"ml\"}[1m])) > 0"));

    public static RolloutNotification Started() => new(
        "RolloutStarted", false, "ml", "iris", "iris", null, null, null, "6d5f7c9b8", null, null, "Progressing",
        "deploying iris v1 (revision 6d5f7c9b8) with 2 replicas", Time);

    public static RolloutNotification Completed() => new(
        "RolloutCompleted", false, "ml", "iris", "iris", "v2", null, "7f8e9d0a1", null, 0, null, "Healthy",
        "v2 is available (2/2 replicas)", Time);

    /// <summary>A step notification numbered <paramref name="i"/> (in its message and step index), for order checks.</summary>
    public static RolloutNotification Step(int i) => new(
        "StepCompleted", false, "ml", "iris", "iris", "v1", "v2", "6d5f7c9b8", "7f8e9d0a1", 20, i, "Progressing", $"n={i}", Time);

    public static RolloutNotification With(string reason, bool warning) => Step(0) with { Reason = reason, Warning = warning };

    /// <summary>The step indexes of JSON bodies as a receiver got them, in arrival order.</summary>
    public static int[] StepsOf(IEnumerable<ReceivedRequest> requests) =>
        requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("stepIndex").GetInt32()).ToArray();
}
