using System.CommandLine;
using Rollouts.Api;
using Rollouts.Kube;
using Rollouts.Kubectl.Cli;
using Spectre.Console;
using Rollouts.Kubectl.Rendering;

namespace Rollouts.Kubectl.Commands;

/// <summary><c>get [NAME] [-A]</c>: a table of ModelDeployments.</summary>
internal static class GetCommand
{
    public static Command Build(CommandContext context)
    {
        var name = new Argument<string?>("NAME") { Description = "Only this ModelDeployment", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all-namespaces", "-A") { Description = "List across all namespaces" };
        var command = new Command("get", "List ModelDeployments: model, stable and canary versions, weight, step, phase") { name, all };
        command.SetAction((result, ct) => context.RunAsync(MdepApp.Globals(result), async (client, ns) =>
        {
            var allNamespaces = result.GetValue(all);
            var only = result.GetValue(name);
            List<ModelDeployment> items;
            if (only is not null)
            {
                var one = await client.GetAsync<ModelDeployment>(ns, only, ct);
                if (one is null)
                {
                    await context.Error.WriteLineAsync($"error: modeldeployment \"{only}\" not found in namespace {ns}");
                    return ExitCodes.Error;
                }

                items = [one];
            }
            else
            {
                items = [.. (await client.ListAsync<ModelDeployment>(allNamespaces ? null : ns, null, ct)).Items];
            }

            if (items.Count == 0)
            {
                context.Console.WriteLine(allNamespaces ? "No ModelDeployments found." : $"No ModelDeployments found in {ns} namespace.");
                return ExitCodes.Ok;
            }

            context.Console.Write(Table(items, allNamespaces, context.Time.GetUtcNow()));
            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static Spectre.Console.Table Table(IEnumerable<ModelDeployment> items, bool withNamespace, DateTimeOffset now)
    {
        string[] headers = ["NAME", "MODEL", "STABLE", "CANARY", "WEIGHT", "STEP", "PHASE", "AGE"];
        var table = Format.Table(withNamespace ? ["NAMESPACE", .. headers] : headers);
        foreach (var md in items.OrderBy(m => m.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(m => m.Metadata.Name, StringComparer.Ordinal))
        {
            var s = md.Status;
            string[] cells =
            [
                md.Metadata.Name ?? "",
                Format.OrDash(md.Spec?.Model.Name),
                Format.OrDash(s?.StableVersion),
                Format.OrDash(s?.CanaryVersion),
                s?.CanaryWeight is { } w ? $"{w}%" : "-",
                Format.OrDash(s?.CurrentStepIndex),
                Format.OrDash(s?.Phase?.ToString()),
                Format.Age(md.Metadata.CreationTimestamp, now),
            ];
            table.Row(withNamespace ? [md.Metadata.NamespaceProperty ?? "", .. cells] : cells);
        }

        return table;
    }
}
