using Rollouts.Api;
using Rollouts.Api.Analysis;
using k8s.Models;
using Rollouts.Kube;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rollouts.Kubectl.Rendering;

/// <summary>
/// The <c>status</c> view of one ModelDeployment: phase and message, step, weight, stable and canary versions,
/// conditions, the analysis run with each check's recent measurements and verdicts, and recent Events.
/// </summary>
internal static class StatusView
{
    /// <summary>Most recent measurements shown per check.</summary>
    public const int RecentMeasurements = 5;

    /// <summary>Builds the view.</summary>
    public static IRenderable Render(ModelDeployment md, IReadOnlyList<Corev1Event> events, DateTimeOffset now)
    {
        var s = md.Status;
        var spec = md.Spec;
        var steps = spec?.Strategy.Canary?.Steps.Count;
        var strategy = spec?.Strategy.BlueGreen is not null ? "blue-green" : steps is not null ? $"canary ({steps} steps)" : "-";

        var summary = Format.Table("FIELD", "VALUE").HideHeaders();
        summary.Row("Name:", $"{md.Metadata.Name} (namespace {md.Metadata.NamespaceProperty})");
        summary.Row("Model:", $"{Format.OrDash(spec?.Model.Name)} {Format.OrDash(spec?.Model.Version)}");
        summary.Row("Strategy:", strategy);
        summary.Row("Phase:", Format.OrDash(s?.Phase?.ToString()));
        summary.Row("Message:", Format.OrDash(s?.Message));
        if (s?.CurrentStepIndex is { } step)
        {
            summary.Row("Step:", steps is { } n ? $"{Math.Min(step + 1, n)}/{n}" : $"{step}");
        }

        summary.Row("Weight:", s?.CanaryWeight is { } w ? $"canary {w}% / stable {100 - w}%" : "-");
        summary.Row("Stable:", Version(s?.StableVersion, s?.StableRevision));
        summary.Row("Canary:", Version(s?.CanaryVersion, s?.CanaryRevision));
        summary.Row("Observed:", $"generation {Format.OrDash(s?.ObservedGeneration?.ToString(System.Globalization.CultureInfo.InvariantCulture))} of {Format.OrDash(md.Metadata.Generation?.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        var pending = md.Metadata.Annotations.ValueOrDefault(ModelDeploymentAnnotations.Action);
        if (pending is not null)
        {
            summary.Row("Pending action:", pending);
        }

        var parts = new List<IRenderable> { summary };
        if (s?.Conditions is { Count: > 0 } conditions)
        {
            parts.Add(new Text("\nConditions:"));
            var table = Format.Table("TYPE", "STATUS", "REASON", "AGE", "MESSAGE");
            foreach (var c in conditions)
            {
                table.Row(c.Type, c.Status, Format.OrDash(c.Reason), Format.Age(c.LastTransitionTime, now), Format.OrDash(c.Message));
            }

            parts.Add(table);
        }

        if (s?.Analysis is { } analysis)
        {
            parts.Add(new Text($"\nAnalysis: {analysis.Purpose} of {analysis.TargetVersion}: {analysis.Phase}" +
                $" (rounds {analysis.Rounds}: {analysis.SuccessfulRounds} successful, {analysis.FailedRounds} failed, {analysis.InconclusiveRounds} inconclusive)" +
                (string.IsNullOrEmpty(analysis.Message) ? "" : $" — {analysis.Message}")));
            parts.Add(Checks(analysis));
        }

        parts.Add(new Text("\nEvents:"));
        if (events.Count == 0)
        {
            parts.Add(new Text("  <none>"));
        }
        else
        {
            var table = Format.Table("AGE", "TYPE", "REASON", "MESSAGE");
            foreach (var e in events)
            {
                table.Row(Format.Age(e.LastTimestamp ?? e.FirstTimestamp ?? e.Metadata.CreationTimestamp, now), Format.OrDash(e.Type), Format.OrDash(e.Reason), Format.OrDash(e.Message));
            }

            parts.Add(table);
        }

        return new Rows(parts);
    }

    private static Table Checks(AnalysisRunStatus analysis)
    {
        var table = Format.Table("CHECK", "OK", "FAILED", "INCONCL.", "CONSEC. ERRORS", "RECENT (oldest → newest)");
        foreach (var c in analysis.Checks)
        {
            var recent = c.Measurements.TakeLast(RecentMeasurements).Select(m => $"{Format.Value(m.Value)} {m.Verdict}");
            table.Row(c.Name, $"{c.Successes}", $"{c.Failures}", $"{c.Inconclusives}", $"{c.ConsecutiveErrors}", string.Join(", ", recent));
        }

        return table;
    }

    private static string Version(string? version, string? revision) =>
        version is null ? "-" : revision is null ? version : $"{version} (revision {revision})";
}
