using System.Globalization;
using System.Text;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.LocalCluster.Traffic;

namespace Rollouts.Demo.View;

/// <summary>
/// One line of the live view, like <c>kubectl get mdep -w</c>: phase, step, canary weight, the shadow and header
/// cohort in force, versions, the analysis run with each check's last measurement (and its count of comparisons or
/// labels), and the traffic split the data plane applies right now.
/// </summary>
public static class StatusLine
{
    /// <summary>The line for <paramref name="mdep"/> (without the time prefix).</summary>
    /// <param name="mdep">The ModelDeployment as read.</param>
    /// <param name="routing">The data plane's current routing of it.</param>
    public static string Format(ModelDeployment mdep, RoutingTable routing)
    {
        var st = mdep.Status;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{mdep.Metadata.Name,-8} {st?.Phase?.ToString() ?? "-",-11}");
        var steps = mdep.Spec?.Strategy.Canary?.Steps.Count;
        if (st?.CurrentStepIndex is { } step && steps is { } n)
        {
            sb.Append(CultureInfo.InvariantCulture, $" step {Math.Min(step + 1, n)}/{n}");
        }

        sb.Append(CultureInfo.InvariantCulture, $" weight {st?.CanaryWeight ?? 0}%");
        if (st?.ShadowPercent is > 0 and var shadow)
        {
            sb.Append(CultureInfo.InvariantCulture, $" shadow {shadow}%");
        }

        if (st?.HeaderRoute is { Value: { } cohort } header)
        {
            sb.Append(CultureInfo.InvariantCulture, $" cohort {header.Name}={cohort}");
        }
        sb.Append(CultureInfo.InvariantCulture, $" stable {st?.StableVersion ?? "-"}");
        if (st?.CanaryVersion is { } canary)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {(mdep.Spec?.Strategy.BlueGreen is null ? "canary" : "preview")} {canary}");
        }

        if (st?.Analysis is { } run)
        {
            sb.Append(CultureInfo.InvariantCulture, $" | analysis {run.Phase} {run.SuccessfulRounds}/{mdep.Spec?.Analysis?.Count ?? 3} [{Checks(run)}]");
        }

        if (st?.AbortReason is { } reason && st.RolledBack == true)
        {
            sb.Append(CultureInfo.InvariantCulture, $" | rolled back: {reason}");
        }

        sb.Append(" | traffic ").Append(Traffic(routing));
        return sb.ToString();
    }

    /// <summary>The split by model version, e.g. <c>1.0.0 75% · 2.0.0 25%</c>.</summary>
    public static string Traffic(RoutingTable routing)
    {
        var versions = routing.Backends.SelectMany(b => b.Endpoints).Select(e => e.Version).Distinct().Order(StringComparer.Ordinal).ToList();
        return versions.Count == 0
            ? "none (no ready endpoint)"
            : string.Join(" · ", versions.Select(v => $"{v} {routing.PercentTo(v).ToString("0", CultureInfo.InvariantCulture)}%"));
    }

    private static string Checks(AnalysisRunStatus run) => string.Join(", ", run.Checks.Select(c =>
    {
        var last = c.Measurements.Count > 0 ? c.Measurements[^1] : null;
        if (last is null)
        {
            return $"{c.Name} -";
        }

        var value = last.Value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
        var verdict = last.Verdict switch
        {
            MeasurementVerdict.Successful => "ok",
            MeasurementVerdict.Failed => "FAIL",
            MeasurementVerdict.Inconclusive => "?",
            _ => "error",
        };
        var count = last.Count is { } n ? $" n={n.ToString("0", CultureInfo.InvariantCulture)}" : "";
        return $"{c.Name} {value}{count} {verdict}";
    }));
}
