using Microsoft.Extensions.DependencyInjection;
using Rollouts.Serving.Hosting;
using Rollouts.Serving.Model;

namespace Rollouts.Serving;

/// <summary>
/// Entry point of the inference server. Exit codes: 0 after a normal stop, 1 when the model cannot be loaded,
/// 2 for invalid options.
/// </summary>
public static class Program
{
    /// <summary>The exit code for invalid options.</summary>
    public const int InvalidOptionsExitCode = 2;

    /// <summary>Runs the server until it is stopped (SIGTERM, Ctrl+C) or the model fails to load.</summary>
    public static async Task<int> Main(string[] args)
    {
        var app = ServingHost.Build(args, Console.Error);
        if (app is null)
        {
            return InvalidOptionsExitCode;
        }

        await using (app.ConfigureAwait(false))
        {
            var host = app.Services.GetRequiredService<ModelHost>();
            try
            {
                await app.RunAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (host.ExitCode != 0)
            {
                // The load failed while the server was still starting; the failure is already logged.
            }

            return host.ExitCode;
        }
    }
}
