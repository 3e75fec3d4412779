using System.CommandLine;
using System.Net;
using Rollouts.Kubectl.Cli;
using Rollouts.Kubectl.Dashboard;
using Spectre.Console;

namespace Rollouts.Kubectl.Commands;

/// <summary>
/// <c>dashboard [--port N] [--address IP] [-A]</c>: serves the live rollout dashboard on a local address (default
/// 127.0.0.1:3100) until Ctrl-C, reading the cluster through the kubeconfig (see <see cref="DashboardServer"/>).
/// </summary>
internal static class DashboardCommand
{
    /// <summary>The default port.</summary>
    public const int DefaultPort = 3100;

    public static Command Build(CommandContext context)
    {
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on (0: any free port)", DefaultValueFactory = _ => DefaultPort };
        var address = new Option<string>("--address") { Description = "Address to listen on; anything but loopback opens the dashboard to the network", DefaultValueFactory = _ => "127.0.0.1" };
        var all = new Option<bool>("--all-namespaces", "-A") { Description = "Show ModelDeployments of every namespace" };
        var command = new Command("dashboard", "Serve a live web dashboard of ModelDeployments on a local address (Ctrl-C stops it)") { port, address, all };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--port must be between 0 and 65535");
            }
        });
        address.Validators.Add(r =>
        {
            if (!IPAddress.TryParse(r.GetValueOrDefault<string>(), out _) && r.GetValueOrDefault<string>() != "localhost")
            {
                r.AddError($"--address '{r.GetValueOrDefault<string>()}' is not an IP address (e.g. 127.0.0.1)");
            }
        });
        command.SetAction((result, ct) => context.RunAsync(MdepApp.Globals(result), async (client, ns) =>
        {
            var text = result.GetValue(address)!;
            var ip = text == "localhost" ? IPAddress.Loopback : IPAddress.Parse(text);
            DashboardServer server;
            try
            {
                server = await DashboardServer.StartAsync(client, result.GetValue(all) ? null : ns, ip, result.GetValue(port), context.Time, ct);
            }
            catch (IOException e)
            {
                await context.Error.WriteLineAsync($"error: cannot listen on {text}:{result.GetValue(port)}: {e.Message}");
                return ExitCodes.Error;
            }

            await using (server)
            {
                context.Console.WriteLine($"Dashboard of {(result.GetValue(all) ? "all namespaces" : $"namespace {ns}")} at {server.Url} (Ctrl-C to stop)");
                if (!IPAddress.IsLoopback(ip))
                {
                    await context.Error.WriteLineAsync($"warning: listening on {text}: anyone who can reach this address can see the dashboard; actions still need the page's token");
                }

                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, context.Time, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl-C
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
