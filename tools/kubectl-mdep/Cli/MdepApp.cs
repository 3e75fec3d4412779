using System.CommandLine;
using Rollouts.Kubectl.Commands;
using Spectre.Console;

namespace Rollouts.Kubectl.Cli;

/// <summary>The kubectl-mdep command tree and its runner.</summary>
internal sealed class MdepApp(IAnsiConsole console, TextWriter error, TimeProvider time, IKubeClientFactory factory)
{
    /// <summary>Global <c>--kubeconfig</c>.</summary>
    public static readonly Option<string?> Kubeconfig = new("--kubeconfig") { Description = "Path to the kubeconfig file", Recursive = true };

    /// <summary>Global <c>--context</c>.</summary>
    public static readonly Option<string?> Context = new("--context") { Description = "The kubeconfig context to use", Recursive = true };

    /// <summary>Global <c>-n/--namespace</c>.</summary>
    public static readonly Option<string?> Namespace = new("--namespace", "-n") { Description = "Namespace (default: the context's)", Recursive = true };

    /// <summary>Reads the global flags.</summary>
    public static GlobalOptions Globals(ParseResult result) =>
        new(result.GetValue(Kubeconfig), result.GetValue(Context), result.GetValue(Namespace));

    /// <summary>The root command with every subcommand.</summary>
    public RootCommand Build()
    {
        var context = new CommandContext(console, error, time, factory);
        var root = new RootCommand("Manage ModelDeployments (ml.rollouts.dev) of the Model Rollouts operator.")
        {
            Kubeconfig,
            Context,
            Namespace,
            GetCommand.Build(context),
            StatusCommand.Build(context),
            ActionCommands.Promote(context),
            ActionCommands.Simple(context, "abort", "abort", "Abort the rollout: traffic goes back to the stable version"),
            ActionCommands.Simple(context, "retry", "retry", "Retry an aborted rollout from its first step"),
            ActionCommands.Simple(context, "pause", "pause", "Pause the rollout where it is"),
            ActionCommands.Simple(context, "resume", "resume", "Resume a paused rollout"),
            HistoryCommand.Build(context),
            DashboardCommand.Build(context),
        };
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var parsed = Build().Parse(args);
        return parsed.InvokeAsync(new InvocationConfiguration { Output = console.Profile.Out.Writer, Error = error }, ct);
    }
}
