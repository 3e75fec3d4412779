using Rollouts.Kubectl.Cli;
using Spectre.Console;

namespace Rollouts.Kubectl.Tests;

/// <summary>What one kubectl-mdep invocation printed and returned.</summary>
public sealed record MdepRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs kubectl-mdep in-process with plain (no colour, non-interactive, wide) output.</summary>
    public static Task<MdepRun> RunAsync(params string[] args) => RunAsync(new StringWriter(), CancellationToken.None, args);

    /// <summary>Runs kubectl-mdep in-process until it ends or <paramref name="ct"/> is cancelled (Ctrl-C), printing into <paramref name="output"/> as it goes.</summary>
    public static async Task<MdepRun> RunAsync(StringWriter output, CancellationToken ct, params string[] args)
    {
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 240;
        var app = new MdepApp(console, error, TimeProvider.System, new KubeClientFactory());
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromMinutes(3));
        var code = await app.RunAsync(args, cts.Token);
        return new MdepRun(code, output.ToString(), error.ToString());
    }
}
