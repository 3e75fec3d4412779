using System.Globalization;
using Rollouts.Demo.Scenarios;

namespace Rollouts.Demo;

/// <summary>
/// Command line of the demo: <c>--repo DIR --state DIR --configuration Debug|Release --rate N --petal-offset CM
/// --feedback-share 0-1 --feedback-delay SECONDS</c>, and
/// of <c>make up</c>: <c>--up --operator-arg ARG …</c>.
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

    /// <summary>Parses <paramref name="args"/>; returns an error message instead when they are invalid.</summary>
    public static (DemoOptions? Options, string? Error) Parse(string[] args)
    {
        var repo = FindRepository(Directory.GetCurrentDirectory());
        string? state = null;
        var config = "Debug";
        double rate = 50;
        float petalOffset = 0;
        double feedbackShare = 0.5;
        double feedbackDelay = 2;
        var up = false;
        var operatorArguments = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--repo" when value is not null:
                    repo = Path.GetFullPath(value);
                    i++;
                    break;
                case "--state" when value is not null:
                    state = value;
                    i++;
                    break;
                case "--configuration" or "-c" when value is "Debug" or "Release":
                    config = value;
                    i++;
                    break;
                case "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is > 0 and <= 1000:
                    rate = r;
                    i++;
                    break;
                case "--petal-offset" when float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var o) && o is >= -10 and <= 10:
                    petalOffset = o;
                    i++;
                    break;
                case "--feedback-share" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f is >= 0 and <= 1:
                    feedbackShare = f;
                    i++;
                    break;
                case "--feedback-delay" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 3600:
                    feedbackDelay = d;
                    i++;
                    break;
                case "--up":
                    up = true;
                    break;
                case "--operator-arg" when value is not null:
                    operatorArguments.Add(value);
                    i++;
                    break;
                default:
                    return (null, $"unknown or invalid argument '{args[i]}'. usage: Rollouts.Demo [--repo DIR] [--state DIR] [--configuration Debug|Release] [--rate 1-1000] [--petal-offset -10..10] [--feedback-share 0-1] [--feedback-delay 0-3600] [--up [--operator-arg ARG]...]");
            }
        }

        if (repo is null)
        {
            return (null, "the repository root (a folder holding Rollouts.sln) was not found above the working directory; pass --repo DIR");
        }

        return (new DemoOptions
        {
            RepositoryRoot = repo,
            StateDirectory = Path.GetFullPath(state ?? Path.Combine(repo, ".local", up ? "up" : "demo")),
            Configuration = config,
            RequestsPerSecond = rate,
            PetalOffset = petalOffset,
            FeedbackShare = feedbackShare,
            FeedbackDelay = TimeSpan.FromSeconds(feedbackDelay),
            Up = up,
            AddressPrefix = up ? "127.0.3" : "127.0.1",
            OperatorArguments = operatorArguments,
        }, null);
    }

    /// <summary>The traffic generator settings for <paramref name="modelName"/>: rate and feedback from these options.</summary>
    public Rollouts.LocalCluster.Traffic.TrafficGeneratorOptions Traffic(string modelName) => new()
    {
        ModelName = modelName,
        RequestsPerSecond = RequestsPerSecond,
        FeedbackShare = FeedbackShare,
        FeedbackDelay = FeedbackDelay,
    };

    private static string? FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rollouts.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
