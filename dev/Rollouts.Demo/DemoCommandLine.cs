using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Rollouts.LocalCluster.Orchestration;

namespace Rollouts.Demo;

/// <summary>The flags of <see cref="DemoOptions"/>, declared with System.CommandLine, and how a parse becomes options.</summary>
internal static class DemoCommandLine
{
    private static readonly Option<string?> Repo = new("--repo")
    {
        HelpName = "DIR",
        Description = "The repository root [default: the folder holding Rollouts.sln above the working directory]",
    };

    private static readonly Option<string?> State = new("--state")
    {
        HelpName = "DIR",
        Description = "Where state and logs go [default: .local/demo, or .local/up with --up]",
    };

    private static readonly Option<string> Configuration = new Option<string>("--configuration", "-c")
    {
        Description = "Build configuration of the serving and operator assemblies",
        DefaultValueFactory = _ => "Debug",
    }.AcceptOnlyFromAmong("Debug", "Release");

    private static readonly Option<double> Rate = Number("--rate", "N", "Requests per second per ModelDeployment", 50, min: 0, max: 1000, minExclusive: true);

    private static readonly Option<double> PetalOffset = Number("--petal-offset", "CM",
        "Centimetres added to petal length and width of every row sent; 2 or more makes every drift check fail", 0, min: -10, max: 10);

    private static readonly Option<double> FeedbackShare = Number("--feedback-share", "SHARE",
        "Share of answered requests whose true species is posted as feedback", 0.5, min: 0, max: 1);

    private static readonly Option<double> FeedbackDelay = Number("--feedback-delay", "SECONDS", "How long after an answer its feedback is posted", 2, min: 0, max: 3600);

    private static readonly Option<bool> Up = new("--up")
    {
        Description = "make up: start the environment, send traffic to every ModelDeployment and keep running until stopped",
    };

    private static readonly Option<string[]> OperatorArguments = new("--operator-arg")
    {
        HelpName = "ARG",
        Description = "An extra operator argument (make up's OPERATOR_ARGS); repeatable, in order",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The root command with every flag.</summary>
    public static RootCommand Build() => new("make demo: the local cluster, the operator and eight rollout scenarios end to end (--up: make up). Exit codes: 0 every scenario ended as expected, 1 one did not, 2 bad arguments or an environment that could not start, 130 interrupted.")
    {
        Repo, State, Configuration, Rate, PetalOffset, FeedbackShare, FeedbackDelay, Up, OperatorArguments,
    };

    /// <summary>The options <paramref name="parsed"/> holds, or its errors, one per line.</summary>
    public static (DemoOptions? Options, string? Error) Read(ParseResult parsed)
    {
        if (parsed.Errors.Count > 0)
        {
            return (null, string.Join("\n", parsed.Errors.Select(e => e.Message).Distinct()) + "\nsee --help for every flag");
        }

        var repo = parsed.GetValue(Repo) is { } given ? Path.GetFullPath(given) : RepositoryRoot.FindAbove(Directory.GetCurrentDirectory());
        if (repo is null)
        {
            return (null, "the repository root (a folder holding Rollouts.sln) was not found above the working directory; pass --repo DIR");
        }

        var up = parsed.GetValue(Up);
        return (new DemoOptions
        {
            RepositoryRoot = repo,
            StateDirectory = Path.GetFullPath(parsed.GetValue(State) ?? Path.Combine(repo, ".local", up ? "up" : "demo")),
            Configuration = parsed.GetValue(Configuration)!,
            RequestsPerSecond = parsed.GetValue(Rate),
            PetalOffset = (float)parsed.GetValue(PetalOffset),
            FeedbackShare = parsed.GetValue(FeedbackShare),
            FeedbackDelay = TimeSpan.FromSeconds(parsed.GetValue(FeedbackDelay)),
            Up = up,
            AddressPrefix = up ? "127.0.3" : "127.0.1",
            OperatorArguments = parsed.GetValue(OperatorArguments) ?? [],
        }, null);
    }

    private static Option<double> Number(string name, string helpName, string description, double defaultValue, double min, double max, bool minExclusive = false)
    {
        var range = string.Create(CultureInfo.InvariantCulture, $"{(minExclusive ? "above " : "")}{min}{(minExclusive ? ", up" : "")} to {max}");
        return new Option<double>(name)
        {
            HelpName = helpName,
            Description = $"{description}, {range}",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => double.TryParse(r.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                                && (minExclusive ? v > min : v >= min) && v <= max
                ? v
                : Refuse(r, $"'{name}' needs a number {range}, not '{r.Tokens[0].Value}'"),
        };
    }

    private static double Refuse(ArgumentResult r, string message)
    {
        r.AddError(message);
        return 0;
    }
}
