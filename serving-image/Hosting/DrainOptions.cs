using Microsoft.Extensions.Configuration;

namespace Rollouts.Serving.Hosting;

/// <summary>
/// How the server stops on SIGTERM (<see cref="ShutdownDrain"/>): <c>--drain-seconds N</c> (<c>SERVING_DRAIN_SECONDS</c>,
/// 0 … 3,600, default <see cref="DefaultDrainSeconds"/>) is how long it keeps serving, not ready, before it stops
/// accepting; then in-flight requests get up to <see cref="InFlightSeconds"/> to finish. Read with the rules of
/// <see cref="ServingOptionsReader"/> (the switch wins over its variable).
/// </summary>
/// <param name="DrainSeconds">Seconds between SIGTERM and closing the listeners.</param>
public sealed record DrainOptions(int DrainSeconds)
{
    /// <summary>
    /// Default drain: 5 s, enough for the endpoints controller to drop a terminating pod and for kube-proxy (1 s
    /// minimum sync) and a Gateway's proxies to take the new endpoints before the listener closes.
    /// </summary>
    public const int DefaultDrainSeconds = 5;

    /// <summary>Most seconds in-flight requests get to finish once the listeners are closed.</summary>
    public const int InFlightSeconds = 10;

    /// <summary>The default drain.</summary>
    public static DrainOptions Default { get; } = new(DefaultDrainSeconds);

    /// <summary>The switches read here, without <c>--</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["drain-seconds"];

    /// <summary>The drain period.</summary>
    public TimeSpan Drain => TimeSpan.FromSeconds(DrainSeconds);

    /// <summary>
    /// The host's shutdown timeout: drain plus the in-flight budget. A pod's <c>terminationGracePeriodSeconds</c> must
    /// be above it (the operator renders this plus a margin).
    /// </summary>
    public TimeSpan ShutdownTimeout => TimeSpan.FromSeconds(DrainSeconds + InFlightSeconds);

    /// <summary>Reads <c>--drain-seconds</c>; a bad value adds one message to <paramref name="problems"/>.</summary>
    public static DrainOptions Read(IConfiguration configuration, List<string> problems) =>
        new((int)ServingOptionsReader.Integer(configuration, "drain-seconds", DefaultDrainSeconds, 0, 3600, problems));
}
