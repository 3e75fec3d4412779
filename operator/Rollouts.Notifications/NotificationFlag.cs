namespace Rollouts.Notifications;

/// <summary>One notification flag of the operator's command line (<see cref="NotificationCommandLine.All"/>).</summary>
/// <param name="Name">The flag, with its leading <c>--</c>, e.g. <c>--notify-timeout</c>.</param>
/// <param name="ValueName">The placeholder <c>--help</c> shows for its value, e.g. <c>DURATION</c>.</param>
/// <param name="Description">The line <c>--help</c> shows, with the default and the accepted range.</param>
/// <param name="Repeatable">True when the flag may be given more than once (each <c>--notify-webhook-url</c> is one sink).</param>
public sealed record NotificationFlag(string Name, string ValueName, string Description, bool Repeatable = false);
