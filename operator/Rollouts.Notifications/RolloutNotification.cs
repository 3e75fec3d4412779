namespace Rollouts.Notifications;

/// <summary>
/// One rollout transition, as the reconciler saw it after its status write succeeded. It is what every sink
/// receives; the formats (<see cref="Formats.JsonNotificationFormatter"/>, <see cref="Formats.SlackNotificationFormatter"/>)
/// render it, and docs/notifications.md shows both payloads.
/// </summary>
/// <param name="Reason">A planner reason (the Event's reason): RolloutStarted, StepCompleted, RolloutPaused,
/// AnalysisInconclusive, Promoted, RolloutAborted, RolledBack, ProgressDeadlineExceeded, RolloutCompleted, …</param>
/// <param name="Warning">True when the Event's type was Warning.</param>
/// <param name="Namespace">The ModelDeployment's namespace.</param>
/// <param name="Name">The ModelDeployment's name.</param>
/// <param name="Model">spec.model.name.</param>
/// <param name="StableVersion">The stable model version, null when there is none yet.</param>
/// <param name="CanaryVersion">The canary (or preview) model version, null when no rollout is in flight.</param>
/// <param name="StableRevision">The stable revision hash, null when there is none yet.</param>
/// <param name="CanaryRevision">The canary (or preview) revision hash, null when no rollout is in flight.</param>
/// <param name="CanaryWeight">The canary's share of traffic in percent (0–100), null when unknown.</param>
/// <param name="StepIndex">The 0-based current canary step, null for blue-green.</param>
/// <param name="Phase">status.phase after the transition.</param>
/// <param name="Message">The Event's message (for analysis failures it names the measured value, the threshold and the query).</param>
/// <param name="Time">When the transition happened (the reconciler's TimeProvider); rendered as RFC 3339 UTC.</param>
/// <param name="Measurement">Optional: the analysis measurement behind the transition (a failed or inconclusive
/// check), when the reconciler has one; null otherwise.</param>
public sealed record RolloutNotification(
    string Reason,
    bool Warning,
    string Namespace,
    string Name,
    string Model,
    string? StableVersion,
    string? CanaryVersion,
    string? StableRevision,
    string? CanaryRevision,
    int? CanaryWeight,
    int? StepIndex,
    string Phase,
    string Message,
    DateTimeOffset Time,
    NotificationMeasurement? Measurement = null);
