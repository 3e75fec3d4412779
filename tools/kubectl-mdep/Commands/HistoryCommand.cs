using System.CommandLine;
using System.Globalization;
using Rollouts.Api;
using Rollouts.Kubectl.Cli;
using Spectre.Console;
using Rollouts.Kubectl.Rendering;

namespace Rollouts.Kubectl.Commands;

/// <summary><c>history NAME</c>: the finished rollouts in <c>status.history</c>, newest first.</summary>
internal static class HistoryCommand
{
    public static Command Build(CommandContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The ModelDeployment" };
        var command = new Command("history", "Show the finished rollouts of a ModelDeployment (newest first)") { name };
        command.SetAction((result, ct) => context.RunAsync(MdepApp.Globals(result), async (client, ns) =>
        {
            var md = await client.GetAsync<ModelDeployment>(ns, result.GetValue(name)!, ct);
            if (md is null)
            {
                await context.Error.WriteLineAsync($"error: modeldeployment \"{result.GetValue(name)}\" not found in namespace {ns}");
                return ExitCodes.Error;
            }

            var history = md.Status?.History ?? [];
            if (history.Count == 0)
            {
                context.Console.WriteLine("No finished rollouts yet.");
                return ExitCodes.Ok;
            }

            var table = Format.Table("TIME", "VERSION", "REVISION", "RESULT", "MESSAGE");
            foreach (var h in history)
            {
                table.Row(h.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture), h.Version, h.Revision, h.Result, Format.OrDash(h.Message));
            }

            context.Console.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
