using System.CommandLine;
using Rollouts.Demo.Scenarios;

namespace Rollouts.Demo;

/// <summary>
/// Options of the demo (<see cref="Command"/>): <c>--repo DIR --state DIR --configuration Debug|Release --rate N
/// --petal-offset CM --feedback-share 0-1 --feedback-delay SECONDS</c>, and of <c>make up</c>: <c>--up --operator-arg
/// ARG …</c>.
/// </summary>
public sealed record DemoOptions
{
    /// <summary>The repository root (default: found above the working directory).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Where state and logs go (default <c>.local/demo</c>).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Build configuration of the serving and operator assemblies.</summary>
    public string Configuration { get; init; } = "Debug";

    /// <summary>Requests per second per ModelDeployment.</summary>
    public double RequestsPerSecond { get; init; } = 50;

    /// <summary>
    /// Centimetres added to petal length and width of every row the traffic generator sends (default 0, the real
    /// distribution). A shift of 2 or more moves live traffic far from every model's baseline, so drift gauges rise
    /// and drift checks fail for any model.
    /// </summary>
    public float PetalOffset { get; init; }

    /// <summary>
    /// Share (0–1) of answered requests whose row's true species the traffic generator posts as feedback (default 0.5;
    /// see <see cref="Rollouts.LocalCluster.Traffic.TrafficGeneratorOptions.FeedbackShare"/>).
    /// </summary>
    public double FeedbackShare { get; init; } = 0.5;

    /// <summary>How long after an answer its feedback is posted (default 2 s).</summary>
    public TimeSpan FeedbackDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>First three octets of the pod addresses (demo 127.0.1, <c>make up</c> 127.0.3, end-to-end tests 127.0.2: they can run side by side).</summary>
    public string AddressPrefix { get; init; } = "127.0.1";

    /// <summary>
    /// <c>make up</c> instead of the scenarios: start the environment, send traffic to every ModelDeployment of the
    /// namespace, and keep running until stopped (see <see cref="Up.UpSession"/>).
    /// </summary>
    public bool Up { get; init; }

    /// <summary>Extra operator arguments (<c>--operator-arg</c>, repeatable; <c>OPERATOR_ARGS</c> of <c>make up</c>).</summary>
    public IReadOnlyList<string> OperatorArguments { get; init; } = [];

    /// <summary>Scenario timing.</summary>
    public ScenarioSettings Settings { get; init; } = new();

    /// <summary>The demo's command line (System.CommandLine): the flags above with their ranges, <c>--help</c> with each default.</summary>
    public static RootCommand Command { get; } = DemoCommandLine.Build();

    /// <summary>Parses <paramref name="args"/>; returns the options, or every error (one per line, each naming its flag).</summary>
    public static (DemoOptions? Options, string? Error) Parse(string[] args) => DemoCommandLine.Read(Command.Parse(args));

    /// <summary>The traffic generator settings for <paramref name="modelName"/>: rate and feedback from these options.</summary>
    public Rollouts.LocalCluster.Traffic.TrafficGeneratorOptions Traffic(string modelName) => new()
    {
        ModelName = modelName,
        RequestsPerSecond = RequestsPerSecond,
        FeedbackShare = FeedbackShare,
        FeedbackDelay = FeedbackDelay,
    };
}
