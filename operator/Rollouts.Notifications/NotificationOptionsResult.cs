namespace Rollouts.Notifications;

/// <summary>What <see cref="NotificationCommandLine.Parse"/> found.</summary>
/// <param name="Options">The options, null when there are errors.</param>
/// <param name="Errors">Every error, each naming its flag; empty when <paramref name="Options"/> is set.</param>
public sealed record NotificationOptionsResult(NotificationOptions? Options, IReadOnlyList<string> Errors);
