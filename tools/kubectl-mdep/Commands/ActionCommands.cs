using System.CommandLine;
using Rollouts.Api;
using Rollouts.Kube;
using Rollouts.Kubectl.Cli;
using Spectre.Console;

namespace Rollouts.Kubectl.Commands;

/// <summary>
/// The manual actions: each sets the one-shot annotation <c>ml.rollouts.dev/action</c>, which the operator applies and
/// removes (the same mechanism as the Argo CD actions).
/// </summary>
internal static class ActionCommands
{
    /// <summary><c>promote NAME [--full]</c>.</summary>
    public static Command Promote(CommandContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The ModelDeployment" };
        var full = new Option<bool>("--full") { Description = "Go to 100% at once, skipping the remaining steps and analysis" };
        var command = new Command("promote", "Promote the canary to the next step (blue-green: switch to the preview)") { name, full };
        command.SetAction((result, ct) => RequestAsync(context, result, result.GetValue(name)!, result.GetValue(full) ? "promote-full" : "promote", ct));
        return command;
    }

    /// <summary>A command named <paramref name="verb"/> that requests <paramref name="action"/>.</summary>
    public static Command Simple(CommandContext context, string verb, string action, string description)
    {
        var name = new Argument<string>("NAME") { Description = "The ModelDeployment" };
        var command = new Command(verb, description) { name };
        command.SetAction((result, ct) => RequestAsync(context, result, result.GetValue(name)!, action, ct));
        return command;
    }

    /// <summary>The actions the operator applies (the values of <see cref="ModelDeploymentAnnotations.Action"/>).</summary>
    public static readonly IReadOnlySet<string> Actions = new HashSet<string>(StringComparer.Ordinal) { "promote", "promote-full", "abort", "retry", "pause", "resume" };

    /// <summary>
    /// Sets <see cref="ModelDeploymentAnnotations.Action"/> to <paramref name="action"/> on the ModelDeployment by a
    /// JSON merge patch (other annotations kept). Returns false, writing nothing, when it does not exist.
    /// </summary>
    /// <exception cref="KubeApiException">The API refused the read or the patch (e.g. Forbidden).</exception>
    public static async Task<bool> ApplyAsync(IKubeClient client, string ns, string name, string action, CancellationToken ct)
    {
        if (await client.GetAsync<ModelDeployment>(ns, name, ct) is null)
        {
            return false;
        }

        var patch = new { metadata = new { annotations = new Dictionary<string, string> { [ModelDeploymentAnnotations.Action] = action } } };
        await client.MergePatchAsync<ModelDeployment>(ns, name, patch, ct);
        return true;
    }

    /// <summary>What the plugin prints after a request: <c>modeldeployment.ml.rollouts.dev/NAME ACTION requested</c>.</summary>
    public static string Requested(string name, string action) => $"modeldeployment.ml.rollouts.dev/{name} {action} requested";

    private static Task<int> RequestAsync(CommandContext context, ParseResult result, string name, string action, CancellationToken ct) =>
        context.RunAsync(MdepApp.Globals(result), async (client, ns) =>
        {
            if (!await ApplyAsync(client, ns, name, action, ct))
            {
                await context.Error.WriteLineAsync($"error: modeldeployment \"{name}\" not found in namespace {ns}");
                return ExitCodes.Error;
            }

            context.Console.WriteLine(Requested(name, action));
            return ExitCodes.Ok;
        });
}
