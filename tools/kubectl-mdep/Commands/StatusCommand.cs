using System.CommandLine;
using Rollouts.Api;
using k8s.Models;
using Rollouts.Kube;
using Rollouts.Kubectl.Cli;
using Rollouts.Kubectl.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rollouts.Kubectl.Commands;

/// <summary>
/// <c>status NAME [--watch] [--timeout DURATION]</c>: the rollout's state (see <see cref="StatusView"/>).
/// <c>--watch</c> keeps the view live (redrawn in place on a terminal, re-printed on change otherwise) until Ctrl-C.
/// <c>--timeout</c> waits until the rollout ends: exit 0 when Healthy, 2 when Degraded, 3 when the time runs out.
/// </summary>
internal static class StatusCommand
{
    /// <summary>Most recent Events shown.</summary>
    public const int RecentEvents = 10;

    public static Command Build(CommandContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The ModelDeployment" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep the view live until Ctrl-C (or until the rollout ends, with --timeout)" };
        var timeout = new Option<TimeSpan?>("--timeout")
        {
            Description = "Wait at most this long (e.g. 30s, 5m, 1h) for the rollout to end; exit 0 Healthy, 2 Degraded, 3 timed out",
            CustomParser = r => ParseDuration(r.Tokens.Single().Value, r),
        };
        var interval = new Option<TimeSpan>("--interval")
        {
            Description = "How often to poll the API while watching or waiting",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(2),
            CustomParser = r => ParseDuration(r.Tokens.Single().Value, r) ?? TimeSpan.FromSeconds(2),
        };
        var command = new Command("status", "Show a rollout's phase, step, weight, versions, analysis and events; wait on it in CI with --timeout") { name, watch, timeout, interval };
        command.SetAction((result, ct) => context.RunAsync(MdepApp.Globals(result), (client, ns) =>
            RunAsync(context, client, ns, result.GetValue(name)!, result.GetValue(watch), result.GetValue(timeout), result.GetValue(interval), ct)));
        return command;
    }

    private static TimeSpan? ParseDuration(string text, System.CommandLine.Parsing.ArgumentResult result)
    {
        if (Duration.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        result.AddError($"'{text}' is not a duration like 30s, 5m or 1h");
        return null;
    }

    private static async Task<int> RunAsync(CommandContext context, IKubeClient client, string ns, string name, bool watch, TimeSpan? timeout, TimeSpan interval, CancellationToken ct)
    {
        var snapshot = await SnapshotAsync(client, ns, name, ct);
        if (snapshot is null)
        {
            await context.Error.WriteLineAsync($"error: modeldeployment \"{name}\" not found in namespace {ns}");
            return ExitCodes.Error;
        }

        if (!watch && timeout is null)
        {
            context.Console.Write(Render(snapshot.Value, context.Time));
            return ExitCodes.Ok;
        }

        var deadline = timeout is { } t ? context.Time.GetUtcNow() + t : (DateTimeOffset?)null;
        var live = watch && context.Console.Profile.Capabilities.Interactive;
        var final = live
            ? await LiveAsync(context, client, ns, name, snapshot.Value, deadline, interval, ct)
            : await PrintOnChangeAsync(context, client, ns, name, snapshot.Value, watch, deadline, interval, ct);

        if (deadline is null)
        {
            return ExitCodes.Ok; // --watch alone ends with Ctrl-C
        }

        var outcome = final is null ? RolloutOutcome.Running : RolloutOutcomes.Of(final.Value.Md);
        var message = final?.Md.Status?.Message;
        switch (outcome)
        {
            case RolloutOutcome.Healthy:
                context.Console.WriteLine($"modeldeployment {name}: Healthy{(message is null ? "" : $" ({message})")}");
                return ExitCodes.Ok;
            case RolloutOutcome.Degraded:
                await context.Error.WriteLineAsync($"modeldeployment {name}: Degraded{(message is null ? "" : $": {message}")}");
                return ExitCodes.Degraded;
            default:
                await context.Error.WriteLineAsync($"modeldeployment {name}: still {final?.Md.Status?.Phase?.ToString() ?? "without status"} after {Duration.Format(timeout!.Value)}{(message is null ? "" : $" ({message})")}");
                return ExitCodes.TimedOut;
        }
    }

    /// <summary>Prints the view now and whenever the object or its events change; returns the last snapshot.</summary>
    private static async Task<(ModelDeployment Md, List<Corev1Event> Events)?> PrintOnChangeAsync(
        CommandContext context, IKubeClient client, string ns, string name, (ModelDeployment Md, List<Corev1Event> Events) first,
        bool watch, DateTimeOffset? deadline, TimeSpan interval, CancellationToken ct)
    {
        var current = first;
        context.Console.Write(Render(current, context.Time));
        var version = Version(current);
        while (!Done(current, deadline, context.Time))
        {
            if (!await DelayAsync(interval, deadline, context.Time, ct))
            {
                break;
            }

            var next = await SnapshotAsync(client, ns, name, ct);
            if (next is null)
            {
                await context.Error.WriteLineAsync($"modeldeployment \"{name}\" was deleted");
                return null;
            }

            current = next.Value;
            if (watch && Version(current) != version)
            {
                version = Version(current);
                context.Console.WriteLine();
                context.Console.Write(Render(current, context.Time));
            }
        }

        return current;
    }

    /// <summary>Redraws the view in place on an interactive terminal.</summary>
    private static async Task<(ModelDeployment Md, List<Corev1Event> Events)?> LiveAsync(
        CommandContext context, IKubeClient client, string ns, string name, (ModelDeployment Md, List<Corev1Event> Events) first,
        DateTimeOffset? deadline, TimeSpan interval, CancellationToken ct)
    {
        (ModelDeployment Md, List<Corev1Event> Events)? current = first;
        await context.Console.Live(Render(first, context.Time)).StartAsync(async live =>
        {
            while (current is not null && !Done(current.Value, deadline, context.Time))
            {
                if (!await DelayAsync(interval, deadline, context.Time, ct))
                {
                    break;
                }

                current = await SnapshotAsync(client, ns, name, ct);
                if (current is not null)
                {
                    live.UpdateTarget(Render(current.Value, context.Time));
                }
            }
        });
        return current;
    }

    private static bool Done((ModelDeployment Md, List<Corev1Event> Events) snapshot, DateTimeOffset? deadline, TimeProvider time) =>
        deadline is not null && (RolloutOutcomes.Of(snapshot.Md) != RolloutOutcome.Running || time.GetUtcNow() >= deadline);

    /// <summary>Waits one poll interval (cut at the deadline); false when cancelled (Ctrl-C).</summary>
    private static async Task<bool> DelayAsync(TimeSpan interval, DateTimeOffset? deadline, TimeProvider time, CancellationToken ct)
    {
        var wait = deadline is { } d ? TimeSpan.FromTicks(Math.Max(0, Math.Min(interval.Ticks, (d - time.GetUtcNow()).Ticks))) : interval;
        try
        {
            await Task.Delay(wait, time, ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string Version((ModelDeployment Md, List<Corev1Event> Events) s) =>
        $"{s.Md.Metadata.ResourceVersion}/{string.Join(',', s.Events.Select(e => e.Metadata.ResourceVersion))}";

    private static IRenderable Render((ModelDeployment Md, List<Corev1Event> Events) s, TimeProvider time) =>
        StatusView.Render(s.Md, s.Events, time.GetUtcNow());

    private static async Task<(ModelDeployment Md, List<Corev1Event> Events)?> SnapshotAsync(IKubeClient client, string ns, string name, CancellationToken ct)
    {
        var md = await client.GetAsync<ModelDeployment>(ns, name, ct);
        if (md is null)
        {
            return null;
        }

        var selector = $"involvedObject.kind={ModelDeployment.KindName},involvedObject.name={name}";
        var events = (await client.ListAsync<Corev1Event>(ns, new ListOptions { FieldSelector = selector }, ct)).Items
            .OrderBy(e => e.LastTimestamp ?? e.FirstTimestamp ?? e.Metadata.CreationTimestamp)
            .TakeLast(RecentEvents)
            .ToList();
        return (md, events);
    }
}
