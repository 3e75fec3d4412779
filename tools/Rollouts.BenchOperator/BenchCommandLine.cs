using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Rollouts.BenchOperator;

/// <summary>The flags of <see cref="BenchOptions"/>, declared with System.CommandLine, and how a parse becomes options.</summary>
internal static class BenchCommandLine
{
    private static readonly BenchOptions Defaults = new();

    private static readonly Option<int> Count = AtLeast("--n", 1, Defaults.Count, "ModelDeployments to create");
    private static readonly Option<int> Namespaces = AtLeast("--namespaces", 1, Defaults.Namespaces, "Namespaces they are spread over (bench-0 …), round robin");
    private static readonly Option<int> Parallel = AtLeast("--parallel", 1, Defaults.Parallel, "Concurrent create/patch requests of the benchmark's own client");
    private static readonly Option<int> RestSeconds = AtLeast("--rest-seconds", 1, Defaults.RestSeconds, "Length of the at-rest window, seconds");
    private static readonly Option<int> SettleSeconds = AtLeast("--settle-seconds", 0, Defaults.SettleSeconds, "Pause between all observed and the at-rest window, seconds");

    private static readonly Option<double?> PollSeconds = Checked<double?>("--poll-seconds", "S",
        "Interval of the convergence poll, seconds, at least 0.1 [default: 2 up to 2,000 objects, then 1 per 1,000]",
        (string text, out double? value) =>
        {
            value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
            return value >= 0.1;
        },
        "a number of seconds ≥ 0.1");

    private static readonly Option<int> ColdTimeoutSeconds = AtLeast("--cold-timeout-seconds", 1, Defaults.ColdTimeoutSeconds, "Give up waiting for the cold start after this many seconds");
    private static readonly Option<int> RestartTimeoutSeconds = AtLeast("--restart-timeout-seconds", 1, Defaults.RestartTimeoutSeconds, "Give up waiting for the restarted operator after this many seconds");
    private static readonly Option<bool> Render = new("--render") { Description = "Measure nothing: rewrite the document from the runs stored in it" };
    private static readonly Option<bool> NoMassEdit = new("--no-mass-edit") { Description = "Skip the mass edit (every model version changed at once)" };
    private static readonly Option<bool> NoMassRollout = new("--no-mass-rollout") { Description = "Skip the mass rollout with Ready pods" };

    private static readonly Option<string> Label = new("--label")
    {
        HelpName = "NAME",
        Description = "Name of the run in the document; letters, digits, '-', '_' or '.'",
        DefaultValueFactory = _ => Defaults.Label,
        Validators =
        {
            r =>
            {
                if (r.Tokens.Any(t => t.Value.Length == 0 || t.Value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
                {
                    r.AddError("--label: must be letters, digits, '-', '_' or '.'");
                }
            },
        },
    };

    private static readonly Option<string?> Doc = new("--doc") { HelpName = "PATH", Description = "Markdown document to update, relative to the repository", DefaultValueFactory = _ => Defaults.Doc };
    private static readonly Option<bool> NoDoc = new("--no-doc") { Description = "Print only; update no document" };
    private static readonly Option<string?> State = new("--state") { HelpName = "DIR", Description = "State folder of the control plane and logs [default: a new folder under .local/bench-operator]" };
    private static readonly Option<string?> Repo = new("--repo") { HelpName = "DIR", Description = "Repository root [default: the folder holding Rollouts.sln above the current one]" };
    private static readonly Option<string?> OperatorDll = new("--operator-dll") { HelpName = "PATH", Description = "The operator assembly [default: .local/bench-operator/operator/Rollouts.Operator.dll]" };

    private static readonly Option<string[]> OperatorArgs = new("--operator-arg")
    {
        HelpName = "ARG",
        Description = "An extra operator argument, after the ones the benchmark sets; repeatable",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<long?> EtcdQuotaBytes = Checked<long?>("--etcd-quota-bytes", "BYTES",
        "etcd's --quota-backend-bytes [default: etcd's 2 GiB, or 8 GiB from 5,000 objects]",
        (string text, out long? value) =>
        {
            value = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
            return value >= 1;
        },
        "a number of bytes");

    /// <summary>The root command with every flag.</summary>
    public static RootCommand Build() => new("The operator benchmark: starts its own control plane, creates N ModelDeployments, runs the operator (Release) and measures cold start, rest, restart, mass edit and mass rollout. Exit codes: 0 every phase measured, 1 a phase did not finish, 2 bad arguments, 130 interrupted.")
    {
        Count, Namespaces, Parallel, RestSeconds, SettleSeconds, PollSeconds, ColdTimeoutSeconds, RestartTimeoutSeconds,
        Render, NoMassEdit, NoMassRollout, Label, Doc, NoDoc, State, Repo, OperatorDll, OperatorArgs, EtcdQuotaBytes,
    };

    /// <summary>The options <paramref name="parsed"/> holds, or its errors, one per line.</summary>
    public static (BenchOptions? Options, string? Error) Read(ParseResult parsed)
    {
        if (parsed.Errors.Count > 0)
        {
            return (null, string.Join("\n", parsed.Errors.Select(e => e.Message).Distinct()) + "\nsee --help for every flag");
        }

        return (new BenchOptions
        {
            Count = parsed.GetValue(Count),
            Namespaces = parsed.GetValue(Namespaces),
            Parallel = parsed.GetValue(Parallel),
            RestSeconds = parsed.GetValue(RestSeconds),
            SettleSeconds = parsed.GetValue(SettleSeconds),
            PollSeconds = parsed.GetValue(PollSeconds),
            ColdTimeoutSeconds = parsed.GetValue(ColdTimeoutSeconds),
            RestartTimeoutSeconds = parsed.GetValue(RestartTimeoutSeconds),
            RenderOnly = parsed.GetValue(Render),
            MassEdit = !parsed.GetValue(NoMassEdit),
            MassRollout = !parsed.GetValue(NoMassRollout),
            Label = parsed.GetValue(Label)!,
            Doc = parsed.GetValue(NoDoc) ? null : parsed.GetValue(Doc),
            State = parsed.GetValue(State),
            Repo = parsed.GetValue(Repo),
            OperatorDll = parsed.GetValue(OperatorDll),
            OperatorArgs = parsed.GetValue(OperatorArgs) ?? [],
            EtcdQuotaBytes = parsed.GetValue(EtcdQuotaBytes),
        }, null);
    }

    private delegate bool TryRead<T>(string text, out T value);

    private static Option<int> AtLeast(string name, int min, int defaultValue, string description)
    {
        var option = Checked(name, "N", $"{description} (integer ≥ {min})",
            (string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min,
            $"an integer ≥ {min}");
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    // An option whose one value read accepts; anything else is an error naming the flag and what it expects.
    private static Option<T> Checked<T>(string name, string helpName, string description, TryRead<T> read, string expected) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = r => read(r.Tokens[0].Value, out var value) ? value : Refuse<T>(r, $"{name}: '{r.Tokens[0].Value}' is not {expected}"),
    };

    private static T Refuse<T>(ArgumentResult r, string message)
    {
        r.AddError(message);
        return default!;
    }
}
