using Rollouts.Kubectl.Cli;
using Spectre.Console;

namespace Rollouts.Kubectl;

/// <summary>
/// Entry point of <c>kubectl-mdep</c>: on PATH, kubectl runs it as <c>kubectl mdep ...</c>.
/// Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
public static class Program
{
    /// <summary>Runs the command line; Ctrl-C cancels a running command.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var app = new MdepApp(AnsiConsole.Console, Console.Error, TimeProvider.System, new KubeClientFactory());
        return await app.RunAsync(args, cts.Token);
    }
}
