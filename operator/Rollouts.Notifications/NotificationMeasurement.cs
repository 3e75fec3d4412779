namespace Rollouts.Notifications;

/// <summary>The analysis measurement behind a transition (optional part of a <see cref="RolloutNotification"/>).</summary>
/// <param name="Check">The check's name: samples, errorRate, latency, drift or a custom metric's name.</param>
/// <param name="Value">The measured value in the check's unit (a ratio for errorRate, seconds for latency, PSI for
/// drift), null when the query returned no usable value.</param>
/// <param name="Threshold">The threshold it was judged against, in the same unit; null when the check has none.</param>
/// <param name="Query">The resolved PromQL query that was sent.</param>
public sealed record NotificationMeasurement(string Check, double? Value, double? Threshold, string Query);
